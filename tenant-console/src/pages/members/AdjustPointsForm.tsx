import { Alert, Button, Form, Input, InputNumber, Space } from 'antd';
import { useState } from 'react';

import { api, idempotencyKey } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { Receipt } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';

interface Values {
  points: number;
  reason: string;
}

/** An adjustment (positive or negative) with the reason the ledger keeps; the API's refusals show at their fields. */
export function AdjustPointsForm({ memberId, onDone, onCancel }: { memberId: string; onDone: (receipt: Receipt) => void; onCancel?: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  // One key per attempt at this form's content: a retry after a lost answer posts nothing twice.
  const [key, setKey] = useState(idempotencyKey);

  const submit = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    try {
      const receipt = await api<Receipt>(`/api/v1/members/${memberId}/points/adjustments`, {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        body: { points: values.points, reason: values.reason },
      });
      setKey(idempotencyKey());
      form.resetFields();
      onDone(receipt);
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} onValuesChange={() => setKey(idempotencyKey())}>
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      <Form.Item name="points" label={t('members.adjust.points')} rules={[{ required: true }]}>
        <InputNumber style={{ width: '100%' }} precision={0} />
      </Form.Item>
      <Form.Item name="reason" label={t('members.adjust.reason')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
        <Input.TextArea rows={2} maxLength={200} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
      </Space>
    </Form>
  );
}
