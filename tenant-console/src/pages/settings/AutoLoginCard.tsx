import { Alert, App as AntApp, Button, Card, Modal, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';

interface Setting {
  secretIssued: boolean;
  createUnknownMembers: boolean;
}

/**
 * The members' auto-login links (/api/v1/auto-login/...): the secret the brand's back end signs them with, issued or
 * rotated here and shown this once, and whether an unknown member is created on first arrival.
 */
export function AutoLoginCard({ slug }: { slug?: string }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const setting = useLoad(() => api<Setting>('/api/v1/auto-login/settings'), []);
  const [secret, setSecret] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const act = async (call: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await call();
      setting.reload();
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const rotate = () => act(async () => setSecret((await api<{ secret: string }>('/api/v1/auto-login/secret', { method: 'POST' })).secret));
  const createUnknown = (createUnknownMembers: boolean) =>
    act(() => api('/api/v1/auto-login/settings', { method: 'PUT', body: { createUnknownMembers } }));

  // Only the first load hides the card's content: the reload after a new secret must not unmount (and so close and
  // reopen) the dialog that shows it.
  return (
    <Card title={t('autoLogin.title')} style={{ marginBottom: 16 }} loading={setting.loading && !setting.data}>
      <Space orientation="vertical">
        <Typography.Text type="secondary">{t('autoLogin.help')}</Typography.Text>
        <Typography.Text>
          {t('autoLogin.link')} <Typography.Text code>{`/m/${slug ?? '<slug>'}/auto-login?member=&ts=&nonce=&redirect=&sig=`}</Typography.Text>
        </Typography.Text>
        {setting.data && (setting.data.secretIssued ? <Tag color="green">{t('autoLogin.issued')}</Tag> : <Tag>{t('autoLogin.notIssued')}</Tag>)}
        <Popconfirm title={t('autoLogin.rotate.confirm')} onConfirm={() => void rotate()}>
          <Button loading={busy}>{t('autoLogin.rotate')}</Button>
        </Popconfirm>
        <Space>
          <Switch
            aria-label={t('autoLogin.createUnknown')}
            checked={setting.data?.createUnknownMembers ?? false}
            disabled={busy || !setting.data}
            onChange={(checked) => void createUnknown(checked)}
          />
          {t('autoLogin.createUnknown')}
        </Space>
      </Space>
      <Modal open={Boolean(secret)} title={t('autoLogin.title')} footer={null} onCancel={() => setSecret(undefined)}>
        <Space orientation="vertical">
          <Alert type="warning" showIcon title={t('settings.apiClients.secret')} />
          <Typography.Text code copyable data-testid="auto-login-secret">{secret}</Typography.Text>
        </Space>
      </Modal>
    </Card>
  );
}
