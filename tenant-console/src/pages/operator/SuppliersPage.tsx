import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Card, Form, InputNumber, Progress, Space, Table, Tag } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';
import type { SyncRun } from './types';

type Kind = 'full-syncs' | 'change-syncs';

function statusColor(status: string): string {
  return status === 'COMPLETED' ? 'green' : status === 'FAILED' ? 'red' : 'blue';
}

/**
 * The connected suppliers and their catalog syncs: a full or a change sync started here runs to its end (the API answers
 * then) with the SKUs read and written; a failed run restarts where its last committed chunk left off.
 */
export default function SuppliersPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const suppliers = useLoad(() => api<string[]>('/api/v1/operator/catalog/suppliers'), []);
  const [runs, setRuns] = useState<SyncRun[]>([]);
  const [running, setRunning] = useState<string | undefined>();

  const start = async (what: string, path: string) => {
    setRunning(what);
    try {
      const run = await api<SyncRun>(path, { method: 'POST' });
      setRuns((current) => [run, ...current.filter((r) => r.executionId !== run.executionId)]);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setRunning(undefined);
    }
  };
  const sync = (supplier: string, kind: Kind) => start(`${supplier}:${kind}`, `/api/v1/operator/catalog/suppliers/${encodeURIComponent(supplier)}/${kind}`);
  const restart = (executionId: number) => start(`restart:${executionId}`, `/api/v1/operator/catalog/sync-runs/${executionId}/restart`);

  return (
    <PageContainer>
      <Card title={t('operator.suppliers')} style={{ marginBottom: 16 }}>
        {running && <Progress percent={100} status="active" showInfo={false} style={{ marginBottom: 12 }} />}
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
                return last ? <Tag color={statusColor(last.status)}>{`${last.job} · ${last.status} · ${last.written}/${last.read}`}</Tag> : '–';
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
      <Card title={t('operator.suppliers.runs')}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('operator.suppliers.runsNote')} />
        <Form layout="inline" style={{ marginBottom: 12 }} onFinish={({ executionId }: { executionId: number }) => void restart(executionId)}>
          <Form.Item name="executionId" label={t('operator.suppliers.executionId')} rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Button htmlType="submit" disabled={Boolean(running)}>{t('operator.restart')}</Button>
        </Form>
        <Table<SyncRun>
          rowKey="executionId"
          size="small"
          pagination={false}
          dataSource={runs}
          columns={[
            { title: t('operator.suppliers.executionId'), dataIndex: 'executionId' },
            { title: t('operator.suppliers.id'), dataIndex: 'supplier' },
            { title: t('operator.job'), dataIndex: 'job' },
            { title: t('common.status'), dataIndex: 'status', render: (status: string) => <Tag color={statusColor(status)}>{status}</Tag> },
            { title: t('operator.read'), dataIndex: 'read' },
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
