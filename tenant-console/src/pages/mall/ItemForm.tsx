import { Alert, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { Item } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';

type Values = Pick<Item, 'kind' | 'title' | 'status' | 'payment' | 'priceFen' | 'cashFen' | 'lowStockThreshold'> & {
  description?: string;
  stock?: number;
  limitPerMember?: number | null;
};

/**
 * A mall item of the brand's own, new or changed (with the version it read: someone else's change meanwhile is a 409).
 * The points price follows from the value and the point type's worth; stock of an existing item changes by stock changes.
 */
export function ItemForm({ item, onSaved, onCancel }: { item?: Item; onSaved: (item: Item) => void; onCancel?: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const payment = Form.useWatch('payment', form);
  const kind = Form.useWatch('kind', form);

  const submit = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    try {
      // A VOUCHER_CODE item's stock is its codes (uploaded once it exists): it starts with none.
      const body = { ...values, images: item?.images ?? [], version: item?.version, stock: item || values.kind === 'VOUCHER_CODE' ? undefined : values.stock };
      const saved = item
        ? await api<Item>(`/api/v1/mall/items/${item.id}`, { method: 'PUT', body })
        : await api<Item>('/api/v1/mall/items', { method: 'POST', body });
      onSaved(saved);
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={item ?? { kind: 'PHYSICAL', status: 'DRAFT', payment: 'POINTS', stock: 0, lowStockThreshold: 0 }}
    >
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      <Form.Item name="title" label={t('items.title')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
        <Input />
      </Form.Item>
      <Space wrap>
        <Form.Item name="kind" label={t('items.kind')} rules={[{ required: true }]}>
          <Select style={{ width: 180 }} options={['PHYSICAL', 'VIRTUAL', 'VOUCHER_CODE', 'SERVICE', 'STORE_PICKUP'].map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Form.Item name="status" label={t('common.status')}>
          <Select style={{ width: 140 }} options={['DRAFT', 'ON_SALE', 'OFF_SALE'].map((s) => ({ value: s, label: t(`items.status.${s}` as never) }))} />
        </Form.Item>
        <Form.Item name="payment" label={t('items.payment')} rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={['POINTS', 'POINTS_AND_CASH', 'CASH_WITH_POINTS'].map((p) => ({ value: p, label: p }))} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="priceFen" label={t('items.price')} rules={[{ required: true }]}>
          <InputNumber min={1} precision={0} style={{ width: 180 }} />
        </Form.Item>
        {payment && payment !== 'POINTS' && (
          <Form.Item name="cashFen" label={t('items.cash')}>
            <InputNumber min={0} precision={0} style={{ width: 180 }} />
          </Form.Item>
        )}
        {!item && kind !== 'VOUCHER_CODE' && (
          <Form.Item name="stock" label={t('items.stock')}>
            <InputNumber min={0} precision={0} style={{ width: 140 }} />
          </Form.Item>
        )}
        <Form.Item name="lowStockThreshold" label={t('items.lowStockThreshold')}>
          <InputNumber min={0} precision={0} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="limitPerMember" label={t('items.limitPerMember')}>
          <InputNumber min={1} precision={0} style={{ width: 140 }} />
        </Form.Item>
      </Space>
      <Form.Item name="description" label={t('items.description')} rules={[{ max: 5000 }]}>
        <Input.TextArea rows={3} />
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
