import { PageContainer } from '@ant-design/pro-components';
import { App as AntApp, Button, Card, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';

import { api } from '../../api/client';
import type { ApiClient, Tenant } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';
import { AutoLoginCard } from './AutoLoginCard';
import { BrandingForm } from './BrandingForm';
import { NotificationSettingsCard } from './NotificationSettingsCard';
import { StaffCard } from './StaffCard';
import { TemplateCard } from './TemplateCard';
import { WebhookSecretCard } from './WebhookSecretCard';

/** Branding, the brand's API clients (created and rotated here, their secret shown once), staff, the webhook secret and the industry template. */
export default function SettingsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const tenant = useLoad(() => api<Tenant>('/api/v1/tenant'), []);
  const clients = useLoad(() => api<ApiClient[]>('/api/v1/api-clients'), []);
  const [secret, setSecret] = useState<ApiClient | undefined>();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');

  const create = async () => {
    try {
      setSecret(await api<ApiClient>('/api/v1/api-clients', { method: 'POST', body: { name } }));
      setCreating(false);
      setName('');
      clients.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const rotate = async (client: ApiClient) => {
    try {
      setSecret(await api<ApiClient>(`/api/v1/api-clients/${client.id}/secret`, { method: 'POST' }));
      clients.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <PageContainer extra={<Link to="/onboarding">{t('signup.onboarding.title')}</Link>}>
      <Card title={t('settings.branding')} style={{ marginBottom: 16 }} loading={tenant.loading}>
        {tenant.data && <BrandingForm tenant={tenant.data} onSaved={() => tenant.reload()} />}
      </Card>
      <Card
        title={t('settings.apiClients')}
        style={{ marginBottom: 16 }}
        extra={<Button onClick={() => setCreating(true)}>{t('settings.apiClients.create')}</Button>}
      >
        <Table<ApiClient>
          rowKey="id"
          size="small"
          loading={clients.loading}
          dataSource={clients.data ?? []}
          pagination={false}
          columns={[
            { title: 'Client ID', dataIndex: 'clientId' },
            { title: t('settings.name'), dataIndex: 'name' },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
            {
              title: t('common.actions'),
              render: (_, client) => <Button size="small" onClick={() => void rotate(client)}>{t('settings.apiClients.rotate')}</Button>,
            },
          ]}
        />
      </Card>
      <StaffCard />
      <WebhookSecretCard slug={tenant.data?.slug} />
      <AutoLoginCard slug={tenant.data?.slug} />
      <NotificationSettingsCard />
      <TemplateCard />
      <Modal open={creating} title={t('settings.apiClients.create')} onOk={() => void create()} onCancel={() => setCreating(false)} okButtonProps={{ disabled: !name.trim() }}>
        <Form layout="vertical">
          <Form.Item label={t('settings.name')}>
            <Input value={name} maxLength={64} onChange={(e) => setName(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={Boolean(secret)} title={secret?.clientId} footer={null} onCancel={() => setSecret(undefined)}>
        <Space direction="vertical">
          <Typography.Text>{t('settings.apiClients.secret')}</Typography.Text>
          <Typography.Text code copyable>
            {secret?.secret}
          </Typography.Text>
        </Space>
      </Modal>
    </PageContainer>
  );
}
