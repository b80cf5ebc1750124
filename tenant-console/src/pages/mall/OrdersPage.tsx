import { DownloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { App as AntApp, Button, Card, Descriptions, Drawer, Select, Space, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import type { CursorPage, Order, OrderDetail } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatPoints, formatTime } from '../format';
import { RefundForm } from './RefundForm';

const STATES = ['PLACED', 'PAID', 'FULFILLING', 'DELIVERED', 'COMPLETED', 'CANCELLED'];

/** The mall's orders by state, each with its progress and refunds; admins refund; everyone exports the list as CSV. */
export default function OrdersPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [state, setState] = useState<string | undefined>();
  const [open, setOpen] = useState<Order | undefined>();
  const [round, setRound] = useState(0);

  const exportCsv = async () => {
    try {
      const csv = await api<string>('/api/v1/orders/export', { query: { state }, text: true });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      link.download = 'orders.csv';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <PageContainer
      extra={
        <Space>
          <Select allowClear placeholder={t('orders.state')} style={{ width: 160 }} value={state} onChange={setState} options={STATES.map((s) => ({ value: s, label: s }))} />
          <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()}>{t('orders.export')}</Button>
        </Space>
      }
    >
      <CursorTable<Order>
        key={`${state}-${round}`}
        rowKey="id"
        load={(after) => api<CursorPage<Order>>('/api/v1/orders', { query: { state, after, size: 50 } })}
        columns={[
          { title: t('orders.no'), dataIndex: 'orderNo', render: (no: string, order) => <a onClick={() => setOpen(order)}>{no}</a> },
          { title: t('orders.item'), dataIndex: 'title' },
          { title: t('orders.quantity'), dataIndex: 'quantity' },
          { title: t('common.points'), dataIndex: 'points', render: (v: number) => formatPoints(v) },
          { title: t('orders.cash'), dataIndex: 'cashFen', render: (v: number) => formatFen(v) },
          { title: t('orders.state'), dataIndex: 'state', render: (s: string) => <Tag>{s}</Tag> },
          { title: t('orders.placedAt'), dataIndex: 'placedAt', render: (v: string) => formatTime(v) },
        ]}
      />
      <Drawer open={Boolean(open)} size="large" title={open?.orderNo} onClose={() => setOpen(undefined)} destroyOnHidden>
        {open && <OrderDetailView orderId={open.id} onRefunded={() => setRound((r) => r + 1)} />}
      </Drawer>
    </PageContainer>
  );
}

function OrderDetailView({ orderId, onRefunded }: { orderId: string; onRefunded: () => void }) {
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const detail = useLoad(() => api<OrderDetail>(`/api/v1/orders/${orderId}`), [orderId]);
  const d = detail.data;
  if (!d) {
    return <Card loading />;
  }
  const o = d.order;
  const refundable = access.canAdmin && ['PAID', 'FULFILLING', 'DELIVERED', 'COMPLETED'].includes(o.state);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('orders.item')}>{o.title}</Descriptions.Item>
        <Descriptions.Item label={t('orders.state')}>{o.state}</Descriptions.Item>
        <Descriptions.Item label={t('common.points')}>{formatPoints(o.points)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.cash')}>{formatFen(o.cashFen)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.quantity')}>{o.quantity}</Descriptions.Item>
        <Descriptions.Item label="tracking">{o.tracking ?? '–'}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('orders.steps')}>
        <Timeline items={d.steps.map((step) => ({ content: `${formatTime(step.at)} · ${step.state} · ${step.text}${step.actor ? ` (${step.actor})` : ''}` }))} />
      </Card>
      <Card size="small" title={t('orders.refunds')}>
        <Table size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={d.refunds}
          columns={[
            { title: t('common.createdAt'), dataIndex: 'at', render: (v: string) => formatTime(v) },
            { title: t('common.points'), dataIndex: 'points', render: (v: number) => formatPoints(v) },
            { title: t('orders.cash'), dataIndex: 'cashFen', render: (v: number) => formatFen(v) },
            { title: t('orders.refund.quantity'), dataIndex: 'quantity' },
            { title: t('members.adjust.reason'), dataIndex: 'reason' },
          ]} />
      </Card>
      {refundable && (
        <Card size="small" title={t('orders.refund')}>
          <RefundForm order={o} onDone={() => {
            message.success(t('orders.refund.done'));
            detail.reload();
            onRefunded();
          }} />
        </Card>
      )}
    </Space>
  );
}
