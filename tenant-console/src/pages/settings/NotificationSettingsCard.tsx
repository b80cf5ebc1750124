import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';

export type NotificationKind = 'POINTS_EXPIRING' | 'MEMBER_DORMANT' | 'ORDER_DELIVERED';

const KINDS: NotificationKind[] = ['POINTS_EXPIRING', 'MEMBER_DORMANT', 'ORDER_DELIVERED'];
const PATH = '/api/v1/tenant/notification-webhook';

/** The notification webhook (GET/PUT/DELETE /api/v1/tenant/notification-webhook); {@code secret} only in the answer that issued it. */
export interface NotificationWebhook {
  url: string | null;
  kinds: NotificationKind[];
  configured: boolean;
  updatedAt: string | null;
  secret: string | null;
}

interface TestResult {
  delivered: boolean;
  status: number;
  error: string | null;
}

interface Values {
  url: string;
  kinds: NotificationKind[];
}

/**
 * Where the platform posts the members' notifications for the brand's own app to send (SMS, WeChat, app push): the URL,
 * the kinds, the signing secret (shown once) and a test post. Each post delivered is billed at the plan's price.
 */
export function NotificationSettingsCard() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const webhook = useLoad(() => api<NotificationWebhook>(PATH), []);
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | undefined>();
  const [test, setTest] = useState<TestResult | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  useEffect(() => {
    if (webhook.data) {
      form.setFieldsValue({ url: webhook.data.url ?? '', kinds: webhook.data.configured ? webhook.data.kinds : KINDS });
    }
  }, [form, webhook.data]);

  const run = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    try {
      await work();
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  const save = async (values: Values) => {
    setBusy('save');
    setProblems([]);
    try {
      const saved = await api<NotificationWebhook>(PATH, { method: 'PUT', body: { url: values.url, kinds: values.kinds ?? [] } });
      message.success(t('common.saved'));
      if (saved.secret) {
        setSecret(saved.secret);
      }
      webhook.reload();
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(undefined);
    }
  };
  const configured = webhook.data?.configured ?? false;

  return (
    <Card title={t('notify.title')} style={{ marginBottom: 16 }} loading={webhook.loading && !webhook.data}>
      <Typography.Paragraph type="secondary">{t('notify.help')}</Typography.Paragraph>
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      {test && (
        <Alert style={{ marginBottom: 16 }} showIcon type={test.delivered ? 'success' : 'error'}
          title={test.delivered ? t('notify.test.delivered', { status: test.status }) : t('notify.test.failed', { error: test.error ?? String(test.status) })} />
      )}
      <Form form={form} layout="vertical" onFinish={save} style={{ maxWidth: 560 }}>
        <Form.Item name="url" label={t('notify.url')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
          <Input placeholder="https://" />
        </Form.Item>
        <Form.Item name="kinds" label={t('notify.kinds')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group options={KINDS.map((kind) => ({ value: kind, label: t(`notify.kind.${kind}`) }))} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy === 'save'}>
            {t('common.save')}
          </Button>
          <Button disabled={!configured} loading={busy === 'test'}
            onClick={() => void run('test', async () => setTest(await api<TestResult>(`${PATH}/test`, { method: 'POST' })))}>
            {t('notify.test')}
          </Button>
          <Popconfirm title={t('webhook.rotate.confirm')} disabled={!configured}
            onConfirm={() => void run('secret', async () => setSecret((await api<{ secret: string }>(`${PATH}/secret`, { method: 'POST' })).secret))}>
            <Button disabled={!configured} loading={busy === 'secret'}>{t('webhook.rotate')}</Button>
          </Popconfirm>
          <Popconfirm title={t('notify.remove.confirm')} disabled={!configured}
            onConfirm={() => void run('remove', async () => {
              await api(PATH, { method: 'DELETE' });
              setTest(undefined);
              webhook.reload();
            })}>
            <Button danger disabled={!configured} loading={busy === 'remove'}>{t('notify.remove')}</Button>
          </Popconfirm>
        </Space>
      </Form>
      <Modal open={Boolean(secret)} title={t('notify.title')} footer={null} onCancel={() => setSecret(undefined)}>
        <Space orientation="vertical">
          <Alert type="warning" showIcon title={t('settings.apiClients.secret')} />
          <Typography.Text code copyable>{secret}</Typography.Text>
          <Typography.Text type="secondary">{t('notify.signature')}</Typography.Text>
        </Space>
      </Modal>
    </Card>
  );
}
