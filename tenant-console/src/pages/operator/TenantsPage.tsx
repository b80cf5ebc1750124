import { PageContainer, type ProColumns, ProTable, type ActionType } from '@ant-design/pro-components';
import { App as AntApp, Button, Popconfirm, Space, Tag } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router-dom';

import { api } from '../../api/client';
import type { PageView } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';
import type { TenantView } from './types';

/** Every tenant (GET /api/v1/operator/tenants), suspended and reactivated here, with a way to its billing. */
export default function TenantsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const table = useRef<ActionType>(undefined);
  const change = async (tenant: TenantView, suspend: boolean) => {
    try {
      await api<TenantView>(`/api/v1/operator/tenants/${tenant.id}/suspension`, { method: suspend ? 'POST' : 'DELETE' });
      message.success(t(suspend ? 'operator.tenants.suspended' : 'operator.tenants.reactivated', { name: tenant.name }));
      await table.current?.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const columns: ProColumns<TenantView>[] = [
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
      <ProTable<TenantView>
        rowKey="id"
        actionRef={table}
        columns={columns}
        search={false}
        pagination={{ defaultPageSize: 50 }}
        request={async ({ current = 1, pageSize = 50 }) => {
          const page = await api<PageView<TenantView>>('/api/v1/operator/tenants', { query: { page: current - 1, size: pageSize } });
          return { data: page.items, total: page.totalItems, success: true };
        }}
      />
    </PageContainer>
  );
}
