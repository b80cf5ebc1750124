import { Alert, App as AntApp, Button, Card, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { useI18n } from '../../i18n/I18nContext';

/** The earning webhook's signing secret (POST /api/v1/earning/webhook-secret): issued or rotated here, shown this once. */
export function WebhookSecretCard({ slug }: { slug?: string }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [secret, setSecret] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    setBusy(true);
    try {
      setSecret((await api<{ secret: string }>('/api/v1/earning/webhook-secret', { method: 'POST' })).secret);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('webhook.title')} style={{ marginBottom: 16 }}>
      <Space orientation="vertical">
        <Typography.Text>
          {t('webhook.endpoint')} <Typography.Text code copyable>{`POST /api/v1/webhooks/${slug ?? '<slug>'}/events`}</Typography.Text>
        </Typography.Text>
        <Popconfirm title={t('webhook.rotate.confirm')} onConfirm={() => void rotate()}>
          <Button loading={busy}>{t('webhook.rotate')}</Button>
        </Popconfirm>
      </Space>
      <Modal open={Boolean(secret)} title={t('webhook.title')} footer={null} onCancel={() => setSecret(undefined)}>
        <Space orientation="vertical">
          <Alert type="warning" showIcon title={t('settings.apiClients.secret')} />
          <Typography.Text code copyable>{secret}</Typography.Text>
        </Space>
      </Modal>
    </Card>
  );
}
