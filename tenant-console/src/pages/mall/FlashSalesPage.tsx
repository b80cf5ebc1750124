import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { FlashSale } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatTime } from '../format';

interface Values {
  itemId: string;
  title?: string;
  range: [Dayjs, Dayjs];
  stock: number;
  priceFen: number;
}

/** Flash sales (限时秒杀) running or to come, soonest first; admins start one on an own item. */
export default function FlashSalesPage() {
  const { t } = useI18n();
  const { access } = useAuth();
  const sales = useLoad(() => api<FlashSale[]>('/api/v1/mall/flash-sales'), []);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async ({ range, ...values }: Values) => {
    setProblems([]);
    try {
      await api('/api/v1/mall/flash-sales', { method: 'POST', body: { ...values, startsAt: range[0].toISOString(), endsAt: range[1].toISOString() } });
      setCreating(false);
      sales.reload();
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    }
  };

  return (
    <PageContainer extra={access.canAdmin ? <Button type="primary" onClick={() => setCreating(true)}>{t('sales.new')}</Button> : undefined}>
      <Table<FlashSale>
        rowKey="id"
        loading={sales.loading}
        dataSource={sales.data ?? []}
        pagination={false}
        columns={[
          { title: t('items.title'), dataIndex: 'title' },
          { title: t('sales.startsAt'), dataIndex: 'startsAt', render: (v: string) => formatTime(v) },
          { title: t('sales.endsAt'), dataIndex: 'endsAt', render: (v: string) => formatTime(v) },
          { title: t('items.price'), dataIndex: 'priceFen', render: (v: number) => formatFen(v) },
          { title: t('items.stock'), dataIndex: 'stock' },
          { title: t('sales.sold'), dataIndex: 'sold' },
        ]}
      />
      <Modal open={creating} title={t('sales.new')} footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form<Values> form={form} layout="vertical" onFinish={submit}>
          {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
          <Form.Item name="itemId" label={t('sales.itemId')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label={t('items.title')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="range" label={`${t('sales.startsAt')} – ${t('sales.endsAt')}`} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime />
          </Form.Item>
          <Form.Item name="stock" label={t('items.stock')} rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name="priceFen" label={t('items.price')} rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit">{t('common.save')}</Button>
        </Form>
      </Modal>
    </PageContainer>
  );
}
