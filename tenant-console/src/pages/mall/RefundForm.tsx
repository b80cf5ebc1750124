import { Alert, Button, Checkbox, Form, Input, InputNumber, Space } from 'antd';
import { useState } from 'react';

import { api, idempotencyKey } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { Order } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';

interface Values {
  points?: number;
  cashFen?: number;
  quantity: number;
  restock: boolean;
  reason: string;
}

/** Refunds part or all of a paid order (points, cash, goods back to stock), with the reason; problems at their fields. */
export function RefundForm({ order, onDone }: { order: Order; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(idempotencyKey);

  const submit = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    try {
      await api(`/api/v1/orders/${order.id}/refunds`, { method: 'POST', headers: { 'Idempotency-Key': key }, body: values });
      setKey(idempotencyKey());
      onDone();
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} onValuesChange={() => setKey(idempotencyKey())}
      initialValues={{ points: order.points - order.pointsRefunded, cashFen: order.cashFen - order.cashRefundedFen, quantity: 0, restock: false }}>
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      <Space wrap>
        <Form.Item name="points" label={t('orders.refund.points')}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="cashFen" label={t('orders.refund.cashFen')}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="quantity" label={t('orders.refund.quantity')}>
          <InputNumber min={0} max={order.quantity} precision={0} />
        </Form.Item>
        <Form.Item name="restock" valuePropName="checked" label=" ">
          <Checkbox>{t('orders.refund.restock')}</Checkbox>
        </Form.Item>
      </Space>
      <Form.Item name="reason" label={t('members.adjust.reason')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Button type="primary" danger htmlType="submit" loading={busy}>
        {t('orders.refund')}
      </Button>
    </Form>
  );
}
