import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Card, Form, InputNumber, Progress, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';

import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';
import type { SyncRun } from './types';

type Kind = 'full-syncs' | 'change-syncs';

/** A run as the listing answers it: with how many SKUs it reads in all, once it knows (a full sync). */
export interface ListedRun extends SyncRun {
  total?: number | null;
}

const UNDER_WAY = ['STARTING', 'STARTED', 'STOPPING'];

function statusColor(status: string): string {
  return status === 'COMPLETED' ? 'green' : status === 'FAILED' ? 'red' : 'blue';
}

/** How far a run got: SKUs read of all to read (a full sync), else the count alone. */
export function RunProgress({ run }: { run: ListedRun }) {
  if (!run.total) {
    return <span>{run.read}</span>;
  }
  const percent = Math.min(100, Math.floor((run.read * 100) / run.total));
  const status = run.status === 'FAILED' ? 'exception' : UNDER_WAY.includes(run.status) ? 'active' : percent === 100 ? 'success' : 'normal';
  return (
    <Space>
      <Progress percent={percent} size="small" status={status} style={{ width: 120, margin: 0 }} />
      <span>{`${run.read}/${run.total}`}</span>
    </Space>
  );
}

/**
 * The connected suppliers and their catalog syncs: a full or a change sync started here runs to its end (the API answers
 * then); the latest runs (GET /api/v1/operator/catalog/sync-runs) are listed with their progress and refreshed while one
 * is under way, here or from the schedule; a failed run restarts where its last committed chunk left off.
 */
export default function SuppliersPage({ refreshMs = 3000 }: { refreshMs?: number }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const suppliers = useLoad(() => api<string[]>('/api/v1/operator/catalog/suppliers'), []);
  const listing = useLoad(() => api<ListedRun[]>('/api/v1/operator/catalog/sync-runs?size=20'), []);
  const [running, setRunning] = useState<string | undefined>();
  const runs = listing.data ?? [];
  const underWay = Boolean(running) || runs.some((run) => UNDER_WAY.includes(run.status));
  const { reload } = listing;

  useEffect(() => {
    if (!underWay) {
      return undefined;
    }
    const timer = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(timer);
    // reload is a new function on every render; the timer only needs restarting when a run starts or ends.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [underWay, refreshMs]);

  const start = async (what: string, path: string) => {
    setRunning(what);
    try {
      await api<ListedRun>(path, { method: 'POST' });
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setRunning(undefined);
      reload();
    }
  };
  const sync = (supplier: string, kind: Kind) => start(`${supplier}:${kind}`, `/api/v1/operator/catalog/suppliers/${encodeURIComponent(supplier)}/${kind}`);
  const restart = (executionId: number) => start(`restart:${executionId}`, `/api/v1/operator/catalog/sync-runs/${executionId}/restart`);

  return (
    <PageContainer>
      <Card title={t('operator.suppliers')} style={{ marginBottom: 16 }}>
        <Table<{ id: string }>
          rowKey="id"
          size="small"
          pagination={false}
          loading={suppliers.loading}
          dataSource={(suppliers.data ?? []).map((id) => ({ id }))}
          columns={[
            { title: t('operator.suppliers.id'), dataIndex: 'id' },
            {
              title: t('operator.suppliers.lastRun'),
              key: 'last',
              render: (_, { id }) => {
                const last = runs.find((run) => run.supplier === id);
                return last ? (
                  <Space>
                    <Tag color={statusColor(last.status)}>{`${last.job} · ${last.status}`}</Tag>
                    <RunProgress run={last} />
                  </Space>
                ) : '–';
              },
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, { id }) => (
                <Space>
                  <Button size="small" loading={running === `${id}:full-syncs`} disabled={Boolean(running)} onClick={() => void sync(id, 'full-syncs')}>
                    {t('operator.suppliers.fullSync')}
                  </Button>
                  <Button size="small" loading={running === `${id}:change-syncs`} disabled={Boolean(running)} onClick={() => void sync(id, 'change-syncs')}>
                    {t('operator.suppliers.changeSync')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('operator.suppliers.history')}>
        {underWay && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('operator.suppliers.refreshing', { seconds: Math.round(refreshMs / 1000) })} />}
        {listing.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('common.problem')} description={(listing.error as Error).message} /> : null}
        <Form layout="inline" style={{ marginBottom: 12 }} onFinish={({ executionId }: { executionId: number }) => void restart(executionId)}>
          <Form.Item name="executionId" label={t('operator.suppliers.executionId')} rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Button htmlType="submit" disabled={Boolean(running)}>{t('operator.restart')}</Button>
        </Form>
        <Table<ListedRun>
          rowKey="executionId"
          size="small"
          pagination={false}
          loading={listing.loading && !listing.data}
          dataSource={runs}
          columns={[
            { title: t('operator.suppliers.executionId'), dataIndex: 'executionId' },
            { title: t('operator.suppliers.id'), dataIndex: 'supplier' },
            { title: t('operator.job'), dataIndex: 'job' },
            { title: t('common.status'), dataIndex: 'status', render: (status: string) => <Tag color={statusColor(status)}>{status}</Tag> },
            { title: t('operator.suppliers.progress'), key: 'progress', render: (_, run) => <RunProgress run={run} /> },
            { title: t('operator.written'), dataIndex: 'written' },
            { title: t('operator.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatTime(v) },
            { title: t('operator.endedAt'), dataIndex: 'endedAt', render: (v: string) => formatTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, run) =>
                run.status === 'FAILED' ? (
                  <Button size="small" disabled={Boolean(running)} onClick={() => void restart(run.executionId)}>{t('operator.restart')}</Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
