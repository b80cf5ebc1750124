import { PageContainer } from '@ant-design/pro-components';
import { App as AntApp, Button, Card, Form, InputNumber, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';
import type { IncompletePublication, LedgerJobRun } from './types';

const LEDGER_JOBS = [
  { key: 'points-expiry', path: '/api/v1/operator/points-expiry/runs' },
  { key: 'expiry-reminders', path: '/api/v1/operator/expiry-reminders/runs' },
  { key: 'ledger-reconciliation', path: '/api/v1/operator/ledger-reconciliation/runs' },
] as const;

/** The jobs that run over every tenant (each also runs on its schedule; what is due is done once). */
const TENANT_JOBS = [
  { key: 'tier-reviews', path: '/api/v1/operator/tier-reviews/runs' },
  { key: 'birthday-gifts', path: '/api/v1/operator/birthday-gifts/runs' },
  { key: 'member-segments', path: '/api/v1/operator/member-segments/runs' },
  { key: 'welfare-grants', path: '/api/v1/operator/welfare-grants/runs' },
] as const;

interface TenantJobRun {
  job: string;
  executionId: number;
  status: string;
  tenants: number;
  members: number;
}

/** The ledger's batch jobs (started and restarted here; each answers when it has run) and the event publications not completed yet. */
export default function JobsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [runs, setRuns] = useState<LedgerJobRun[]>([]);
  const [running, setRunning] = useState<string | undefined>();
  const publications = useLoad(() => api<IncompletePublication[]>('/api/v1/operator/event-publications', { query: { limit: 200 } }), []);
  const [olderThan, setOlderThan] = useState<number>(60);
  const [tenantRuns, setTenantRuns] = useState<TenantJobRun[]>([]);

  const startTenantJob = async (job: string, path: string) => {
    setRunning(job);
    try {
      const run = await api<Omit<TenantJobRun, 'job'>>(path, { method: 'POST' });
      setTenantRuns((current) => [{ ...run, job }, ...current]);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setRunning(undefined);
    }
  };

  const start = async (what: string, path: string) => {
    setRunning(what);
    try {
      const run = await api<LedgerJobRun>(path, { method: 'POST' });
      setRuns((current) => [run, ...current.filter((r) => r.executionId !== run.executionId)]);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setRunning(undefined);
    }
  };
  const resubmit = async () => {
    try {
      const { publications: count } = await api<{ publications: number }>('/api/v1/operator/event-publications/resubmissions', {
        method: 'POST', body: { olderThanSeconds: olderThan },
      });
      message.success(t('operator.events.resubmitted', { count }));
      publications.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <PageContainer>
      <Card title={t('operator.jobs')} style={{ marginBottom: 16 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          {LEDGER_JOBS.map((job) => (
            <Button key={job.key} loading={running === job.key} disabled={Boolean(running)} onClick={() => void start(job.key, job.path)}>
              {t(`operator.jobs.${job.key}` as never)}
            </Button>
          ))}
          <Form layout="inline" onFinish={({ executionId }: { executionId: number }) =>
            void start(`restart:${executionId}`, `/api/v1/operator/points-expiry/runs/${executionId}/restart`)}>
            <Form.Item name="executionId" label={t('operator.suppliers.executionId')} rules={[{ required: true }]}>
              <InputNumber min={1} />
            </Form.Item>
            <Button htmlType="submit" disabled={Boolean(running)}>{t('operator.restart')}</Button>
          </Form>
        </Space>
        {running && <Progress percent={100} status="active" showInfo={false} />}
        <Table<LedgerJobRun>
          rowKey="executionId"
          size="small"
          pagination={false}
          dataSource={runs}
          columns={[
            { title: t('operator.suppliers.executionId'), dataIndex: 'executionId' },
            { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'COMPLETED' ? 'green' : s === 'FAILED' ? 'red' : 'blue'}>{s}</Tag> },
            { title: t('operator.read'), dataIndex: 'read' },
            { title: t('operator.written'), dataIndex: 'written' },
            { title: t('operator.jobs.lotsExpired'), dataIndex: 'lotsExpired' },
            { title: t('operator.jobs.asOf'), dataIndex: 'asOf', render: (v: string) => formatTime(v) },
            { title: t('operator.endedAt'), dataIndex: 'endedAt', render: (v: string) => formatTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, run) => (run.status === 'FAILED' ? (
                <Button size="small" disabled={Boolean(running)} onClick={() => void start(`restart:${run.executionId}`, `/api/v1/operator/points-expiry/runs/${run.executionId}/restart`)}>
                  {t('operator.restart')}
                </Button>
              ) : null),
            },
          ]}
        />
      </Card>
      <Card title={t('operator.tenantJobs')} style={{ marginBottom: 16 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          {TENANT_JOBS.map((job) => (
            <Button key={job.key} loading={running === job.key} disabled={Boolean(running)} onClick={() => void startTenantJob(job.key, job.path)}>
              {t(`operator.jobs.${job.key}` as never)}
            </Button>
          ))}
        </Space>
        <Table<TenantJobRun>
          rowKey="executionId"
          size="small"
          pagination={false}
          dataSource={tenantRuns}
          columns={[
            { title: t('operator.job'), dataIndex: 'job', render: (job: string) => t(`operator.jobs.${job}` as never) },
            { title: t('operator.suppliers.executionId'), dataIndex: 'executionId' },
            { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'COMPLETED' ? 'green' : s === 'FAILED' ? 'red' : 'blue'}>{s}</Tag> },
            { title: t('operator.jobs.tenants'), dataIndex: 'tenants' },
            { title: t('operator.jobs.members'), dataIndex: 'members' },
          ]}
        />
      </Card>
      <Card
        title={t('operator.events')}
        extra={
          <Space>
            <span>{t('operator.events.olderThan')}</span>
            <InputNumber aria-label={t('operator.events.olderThan')} min={0} value={olderThan} onChange={(v) => setOlderThan(v ?? 60)} />
            <Popconfirm title={t('operator.events.resubmit.confirm')} onConfirm={() => void resubmit()}>
              <Button type="primary">{t('operator.events.resubmit')}</Button>
            </Popconfirm>
          </Space>
        }
      >
        <Table<IncompletePublication>
          rowKey="id"
          size="small"
          loading={publications.loading}
          dataSource={publications.data ?? []}
          pagination={{ pageSize: 20 }}
          expandable={{ expandedRowRender: (p) => <Typography.Paragraph code copyable style={{ whiteSpace: 'pre-wrap' }}>{p.event}</Typography.Paragraph> }}
          columns={[
            { title: t('operator.events.type'), dataIndex: 'eventType' },
            { title: t('operator.events.listener'), dataIndex: 'listener' },
            { title: t('operator.events.publishedAt'), dataIndex: 'publishedAt', render: (v: string) => formatTime(v) },
            { title: t('common.status'), dataIndex: 'status', render: (v?: string | null) => v ?? '–' },
            { title: t('operator.events.attempts'), dataIndex: 'attempts' },
            { title: t('operator.events.lastResubmittedAt'), dataIndex: 'lastResubmittedAt', render: (v?: string | null) => formatTime(v) },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
