import { Alert, Button, Card, Form, Input, InputNumber, Result, Space, Steps, Typography } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import { useI18n } from '../../i18n/I18nContext';

export interface SignupRequest {
  name: string;
  slug: string;
  adminName: string;
  adminEmail: string;
  adminPassword: string;
  pointName?: string;
  pointAnchorPoints?: number;
  pointAnchorAmountMinor?: number;
}

interface SignupView {
  tenantId: string;
  slug: string;
  name: string;
  status: string;
  next?: 'VERIFY_EMAIL' | 'RESUME' | null;
  resumeToken?: string | null;
  apiClient?: { clientId: string; secret?: string | null } | null;
}

/**
 * The brand's sign-up before any login (POST /api/v1/signups): the brand, its administrator, its points; then the
 * administrator verifies the address by the mailed link and the sign-up is resumed with the token of the first answer.
 * The password stays in this page's memory only, for the resumption.
 */
export default function SignupPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<SignupRequest>();
  const [request, setRequest] = useState<SignupRequest | undefined>();
  const [pending, setPending] = useState<SignupView | undefined>();
  const [done, setDone] = useState<SignupView | undefined>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (values: SignupRequest) => {
    setBusy(true);
    setProblems([]);
    try {
      const answer = await api<SignupView>('/api/v1/signups', { method: 'POST', anonymous: true, body: values });
      setRequest(values);
      if (answer.next) {
        setPending(answer);
      } else {
        setDone(answer);
      }
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };

  const resume = async () => {
    if (!pending || !request) {
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      const answer = await api<SignupView>(`/api/v1/signups/${pending.tenantId}/resumption`, {
        method: 'POST',
        anonymous: true,
        headers: { 'Jifen-Resume-Token': pending.resumeToken ?? '' },
        body: request,
      });
      if (answer.next) {
        setProblems([t('signup.verify', { email: request.adminEmail })]);
      } else {
        setDone(answer);
      }
    } catch (error) {
      setProblems([(error as Error).message]);
    } finally {
      setBusy(false);
    }
  };

  const step = done ? 2 : pending ? 1 : 0;
  return (
    <div style={{ maxWidth: 720, margin: '48px auto', padding: '0 16px' }}>
      <Typography.Title level={2}>{t('signup.title')}</Typography.Title>
      <Steps current={step} style={{ marginBottom: 24 }} items={[{ title: t('signup.name') }, { title: t('signup.email') }, { title: t('signup.done').split(/[。.]/)[0] }]} />
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      {step === 0 && (
        <Card>
          <Form<SignupRequest> form={form} layout="vertical" onFinish={submit} initialValues={{ pointName: '积分', pointAnchorPoints: 100, pointAnchorAmountMinor: 100 }}>
            <Form.Item name="name" label={t('signup.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="slug" label={t('signup.slug')} rules={[{ required: true }, { pattern: /^[a-z][a-z0-9-]{2,39}$/, message: 'a-z 0-9 -' }]}>
              <Input addonBefore="/m/" />
            </Form.Item>
            <Form.Item name="adminName" label={t('signup.adminName')} rules={[{ required: true, whitespace: true }, { max: 64 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="adminEmail" label={t('signup.email')} rules={[{ required: true }, { type: 'email' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="adminPassword" label={t('signup.password')} rules={[{ required: true }, { min: 12, max: 128 }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Space wrap>
              <Form.Item name="pointName" label={t('signup.pointName')}>
                <Input style={{ width: 140 }} maxLength={32} />
              </Form.Item>
              <Form.Item name="pointAnchorPoints" label={t('signup.anchorPoints')}>
                <InputNumber min={1} precision={0} />
              </Form.Item>
              <Form.Item name="pointAnchorAmountMinor" label={t('signup.anchorFen')}>
                <InputNumber min={0} precision={0} />
              </Form.Item>
            </Space>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('signup.submit')}
            </Button>
          </Form>
        </Card>
      )}
      {step === 1 && request && (
        <Result status="info" title={t('signup.verify', { email: request.adminEmail })}
          extra={<Button type="primary" loading={busy} onClick={() => void resume()}>{t('signup.resume')}</Button>} />
      )}
      {step === 2 && done && (
        <Result
          status="success"
          title={t('signup.done')}
          subTitle={done.apiClient?.secret ? <Typography.Text code copyable>{`${done.apiClient.clientId} / ${done.apiClient.secret}`}</Typography.Text> : done.apiClient?.clientId}
          extra={<Button type="primary" href={import.meta.env.BASE_URL}>{t('signup.goSignIn')}</Button>}
        />
      )}
    </div>
  );
}
