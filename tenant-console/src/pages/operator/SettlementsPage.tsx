import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, DatePicker, Form, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';

import { api, ApiProblem } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatTime } from '../format';
import { OUTCOMES, type Settlement, type SettlementItem } from './types';

const MISMATCHES = ['PRICE_MISMATCH', 'STATE_MISMATCH', 'DUPLICATE', 'MISSING_AT_SUPPLIER', 'MISSING_AT_HUB'];

/** A settlement's lines of one outcome (the mismatches by default), a page of up to 1,000. */
export function SettlementItems({ settlement }: { settlement: Settlement }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<string | undefined>('PRICE_MISMATCH');
  const items = useLoad(
    () => api<SettlementItem[]>(`/api/v1/operator/settlements/${settlement.id}/items`, { query: { outcome, size: 1000 } }),
    [settlement.id, outcome],
  );
  return (
    <>
      <Select<string> allowClear value={outcome} onChange={setOutcome} style={{ width: 240, marginBottom: 8 }} placeholder={t('operator.settlements.allOutcomes')}
        options={OUTCOMES.map((o) => ({ value: o, label: t(`operator.outcome.${o}` as never) }))} />
      <Table<SettlementItem>
        rowKey={(item) => `${item.orderNo}:${item.supplierOrderId ?? ''}`}
        size="small"
        loading={items.loading}
        dataSource={items.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('orders.no'), dataIndex: 'orderNo' },
          { title: t('operator.settlements.supplierOrder'), dataIndex: 'supplierOrderId' },
          { title: t('operator.tenant'), dataIndex: 'tenantId' },
          { title: t('operator.settlements.outcome'), dataIndex: 'outcome', render: (o: string) => <Tag color={o === 'MATCHED' ? 'green' : 'orange'}>{t(`operator.outcome.${o}` as never)}</Tag> },
          { title: t('operator.settlements.hubTotal'), dataIndex: 'hubTotalFen', render: (v?: number | null) => formatFen(v) },
          { title: t('operator.settlements.supplierTotal'), dataIndex: 'supplierTotalFen', render: (v?: number | null) => formatFen(v) },
        ]}
      />
    </>
  );
}

/** Settles a supplier's month against its statement and lists the runs, their counts and each one's mismatches. */
export default function SettlementsPage() {
  const { t } = useI18n();
  const suppliers = useLoad(() => api<string[]>('/api/v1/operator/catalog/suppliers'), []);
  const [supplier, setSupplier] = useState<string | undefined>();
  const chosen = supplier ?? suppliers.data?.[0];
  const runs = useLoad(() => (chosen ? api<Settlement[]>('/api/v1/operator/settlements', { query: { supplier: chosen } }) : Promise.resolve([])), [chosen]);
  const [form] = Form.useForm<{ month: Dayjs }>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const settle = async ({ month }: { month: Dayjs }) => {
    setBusy(true);
    setProblems([]);
    try {
      await api<Settlement>('/api/v1/operator/settlements', { method: 'POST', body: { supplier: chosen, month: month.format('YYYY-MM') } });
      runs.reload();
    } catch (error) {
      setProblems(error instanceof ApiProblem && error.errors.length === 0 ? [error.detail || error.title] : showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };
  const count = (value?: number | null) => (value === null || value === undefined ? '–' : value);

  return (
    <PageContainer>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap align="start">
          <Select<string> style={{ width: 200 }} value={chosen} onChange={setSupplier} loading={suppliers.loading}
            options={(suppliers.data ?? []).map((id) => ({ value: id, label: id }))} />
          <Form form={form} layout="inline" onFinish={settle}>
            <Form.Item name="month" label={t('operator.settlements.month')} rules={[{ required: true }]}>
              <DatePicker picker="month" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!chosen}>{t('operator.settlements.settle')}</Button>
          </Form>
        </Space>
        {problems.length > 0 && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('common.problem')} description={problems.join('; ')} />}
      </Card>
      <Card title={t('operator.settlements')}>
        <Table<Settlement>
          rowKey="id"
          size="small"
          pagination={false}
          loading={runs.loading}
          dataSource={runs.data ?? []}
          expandable={{ expandedRowRender: (settlement) => <SettlementItems settlement={settlement} /> }}
          columns={[
            { title: t('operator.settlements.month'), dataIndex: 'month' },
            { title: t('operator.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatTime(v) },
            { title: t('operator.endedAt'), dataIndex: 'completedAt', render: (v?: string | null) => formatTime(v) },
            { title: t('operator.outcome.MATCHED'), dataIndex: 'matched', render: count },
            {
              title: t('operator.settlements.mismatches'),
              key: 'mismatches',
              render: (_, s) => {
                const values = [s.priceMismatches, s.stateMismatches, s.duplicates, s.missingAtSupplier, s.missingAtHub];
                if (values.every((v) => v === null || v === undefined)) {
                  return '–';
                }
                return (
                  <Space size={4} wrap>
                    {MISMATCHES.map((o, i) => (values[i] ? <Tag key={o} color="orange">{`${t(`operator.outcome.${o}` as never)} ${values[i]}`}</Tag> : null))}
                    {values.every((v) => !v) && <Tag color="green">0</Tag>}
                  </Space>
                );
              },
            },
            { title: t('operator.settlements.supplierTotal'), dataIndex: 'supplierTotalFen', render: (v?: number | null) => formatFen(v) },
            { title: t('operator.settlements.hubTotal'), dataIndex: 'hubTotalFen', render: (v?: number | null) => formatFen(v) },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
