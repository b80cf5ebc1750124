import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';

import { api } from '../../api/client';
import type { PageView } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';
import type { TenantView } from './types';

/** Every tenant (GET /api/v1/operator/tenants), suspended and reactivated here, with a way to its billing. */
export default function TenantsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [page, setPage] = useState({ current: 1, size: 50 });
  const tenants = useLoad(
    () => api<PageView<TenantView>>('/api/v1/operator/tenants', { query: { page: page.current - 1, size: page.size } }),
    [page],
  );
  const change = async (tenant: TenantView, suspend: boolean) => {
    try {
      await api<TenantView>(`/api/v1/operator/tenants/${tenant.id}/suspension`, { method: suspend ? 'POST' : 'DELETE' });
      message.success(t(suspend ? 'operator.tenants.suspended' : 'operator.tenants.reactivated', { name: tenant.name }));
      tenants.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const columns: TableColumnsType<TenantView> = [
    { title: t('operator.tenants.name'), dataIndex: 'name' },
    { title: t('operator.tenants.slug'), dataIndex: 'slug' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_, tenant) => <Tag color={tenant.status === 'ACTIVE' ? 'green' : 'red'}>{t(`operator.tenants.status.${tenant.status}` as never)}</Tag>,
    },
    { title: t('operator.tenants.currency'), dataIndex: 'currency' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (_, tenant) => formatTime(tenant.createdAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, tenant) => (
        <Space>
          <Link to={`/operator/billing/tenants/${tenant.id}`}>{t('operator.tenants.billing')}</Link>
          {tenant.status === 'SUSPENDED' ? (
            <Button size="small" onClick={() => void change(tenant, false)}>{t('operator.tenants.reactivate')}</Button>
          ) : (
            <Popconfirm title={t('operator.tenants.suspend.confirm')} onConfirm={() => void change(tenant, true)}>
              <Button size="small" danger>{t('operator.tenants.suspend')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  return (
    <PageContainer>
      {tenants.error !== undefined && <Alert type="error" showIcon title={(tenants.error as Error).message} style={{ marginBottom: 16 }} />}
      <Table<TenantView>
        rowKey="id"
        columns={columns}
        loading={tenants.loading}
        dataSource={tenants.data?.items ?? []}
        pagination={{
          current: page.current,
          pageSize: page.size,
          total: tenants.data?.totalItems ?? 0,
          onChange: (current, size) => setPage({ current, size }),
        }}
      />
    </PageContainer>
  );
}
