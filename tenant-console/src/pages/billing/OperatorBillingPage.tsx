import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Card, DatePicker, Modal, Popconfirm, Select, Space, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router-dom';

import { api } from '../../api/client';
import type { PageView } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatTime } from '../format';
import type { TenantView } from '../operator/types';
import type { BillingRun, Plan } from './types';

// The plan form (and its date pickers) loads when it opens: the page's first load stays within the budget.
const PlanForm = lazy(() => import('./BillingForms').then((forms) => ({ default: forms.PlanForm })));

function PlanVersions({ code }: { code: string }) {
  const { t } = useI18n();
  const versions = useLoad(() => api<Plan[]>(`/api/v1/operator/billing/plans/${encodeURIComponent(code)}/versions`), [code]);
  return (
    <Table<Plan>
      rowKey="version"
      size="small"
      pagination={false}
      loading={versions.loading}
      dataSource={versions.data ?? []}
      columns={[
        { title: t('billing.plan.version'), dataIndex: 'version' },
        { title: t('billing.plan.name'), dataIndex: 'name' },
        { title: t('billing.plan.baseFee'), dataIndex: 'baseFeeFen', render: (v: number) => formatFen(v) },
        { title: t('billing.plan.includedMembers'), dataIndex: 'includedMembers' },
        { title: t('billing.plan.overage'), dataIndex: 'overageFenPerMember', render: (v: number) => formatFen(v) },
        { title: t('billing.plan.serviceFeeBp'), dataIndex: 'serviceFeeBp' },
        { title: t('billing.plan.goodsMarginBp'), dataIndex: 'goodsMarginBp' },
        { title: t('billing.plan.taxBp'), dataIndex: 'taxBp' },
        { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
      ]}
    />
  );
}

function Plans() {
  const { t } = useI18n();
  const plans = useLoad(() => api<Plan[]>('/api/v1/operator/billing/plans'), []);
  const [editing, setEditing] = useState<Plan | 'new' | undefined>();
  return (
    <Card extra={<Button onClick={() => setEditing('new')}>{t('billing.plan.new')}</Button>}>
      <Table<Plan>
        rowKey="code"
        size="small"
        pagination={false}
        loading={plans.loading}
        dataSource={plans.data ?? []}
        expandable={{ expandedRowRender: (plan) => <PlanVersions code={plan.code} /> }}
        columns={[
          { title: t('billing.plan.code'), dataIndex: 'code' },
          { title: t('billing.plan.name'), dataIndex: 'name' },
          { title: t('billing.plan.version'), dataIndex: 'version' },
          { title: t('billing.plan.baseFee'), dataIndex: 'baseFeeFen', render: (v: number) => formatFen(v) },
          { title: t('billing.plan.includedMembers'), dataIndex: 'includedMembers' },
          { title: t('common.actions'), key: 'actions', render: (_, plan) => <Button size="small" onClick={() => setEditing(plan)}>{t('billing.plan.nextVersion')}</Button> },
        ]}
      />
      <Modal open={Boolean(editing)} footer={null} destroyOnHidden title={t('billing.plan.publish')} onCancel={() => setEditing(undefined)}>
        <Suspense fallback={null}>
          <PlanForm initial={editing === 'new' ? undefined : editing} onPublished={() => { setEditing(undefined); plans.reload(); }} />
        </Suspense>
      </Modal>
    </Card>
  );
}

function Runs() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [period, setPeriod] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  const month = period.format('YYYY-MM');
  const runs = useLoad(() => api<BillingRun[]>('/api/v1/operator/billing/runs', { query: { period: month } }), [month]);
  const [busy, setBusy] = useState<string | undefined>();
  const act = async (what: 'runs' | 'runs/recovery') => {
    setBusy(what);
    try {
      await api<BillingRun>(`/api/v1/operator/billing/${what}`, { method: 'POST', body: { period: month } });
      runs.reload();
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker picker="month" value={period} allowClear={false} onChange={(value) => value && setPeriod(value)} />
        <Popconfirm title={t('billing.run.confirm', { period: month })} onConfirm={() => void act('runs')}>
          <Button type="primary" loading={busy === 'runs'} disabled={Boolean(busy)}>{t('billing.run.start')}</Button>
        </Popconfirm>
        <Popconfirm title={t('billing.run.recover.confirm')} onConfirm={() => void act('runs/recovery')}>
          <Button loading={busy === 'runs/recovery'} disabled={Boolean(busy)}>{t('billing.run.recover')}</Button>
        </Popconfirm>
      </Space>
      {busy === 'runs' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('billing.run.running')} />}
      <Table<BillingRun>
        rowKey="executionId"
        size="small"
        pagination={false}
        loading={runs.loading}
        dataSource={runs.data ?? []}
        columns={[
          { title: t('operator.suppliers.executionId'), dataIndex: 'executionId' },
          { title: t('billing.period'), dataIndex: 'period' },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'COMPLETED' ? 'green' : s === 'FAILED' ? 'red' : 'blue'}>{s}</Tag> },
          { title: t('billing.run.tenants'), dataIndex: 'tenantsProcessed' },
          { title: t('billing.run.failure'), dataIndex: 'failure', render: (v?: string | null) => v ?? '–' },
        ]}
      />
    </Card>
  );
}

function TenantPicker() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const tenants = useLoad(() => api<PageView<TenantView>>('/api/v1/operator/tenants', { query: { size: 500 } }), []);
  return (
    <Card>
      <Select<string> showSearch style={{ width: 360 }} placeholder={t('billing.pickTenant')} loading={tenants.loading}
        optionFilterProp="label"
        options={(tenants.data?.items ?? []).map((tenant) => ({ value: tenant.id, label: `${tenant.name} (${tenant.slug})` }))}
        onChange={(id) => navigate(`/operator/billing/tenants/${id}`)} />
    </Card>
  );
}

/** The operator's billing: plans and their versions, the monthly runs, and a tenant's subscriptions and invoices. */
export default function OperatorBillingPage() {
  const { t } = useI18n();
  return (
    <PageContainer>
      <Tabs
        items={[
          { key: 'plans', label: t('billing.plans'), children: <Plans /> },
          { key: 'runs', label: t('billing.runs'), children: <Runs /> },
          { key: 'tenants', label: t('billing.tenants'), children: <TenantPicker /> },
        ]}
      />
    </PageContainer>
  );
}
