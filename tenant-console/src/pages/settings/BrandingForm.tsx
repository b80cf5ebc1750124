import { Alert, App as AntApp, Avatar, Button, Form, Input, Space } from 'antd';
import { useEffect, useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { Tenant } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';

interface Values {
  name: string;
  logoUrl: string;
}

/** The brand's name and logo (PATCH /api/v1/tenant): what its mall and its login page show. */
export function BrandingForm({ tenant, onSaved }: { tenant: Tenant; onSaved: (tenant: Tenant) => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const logoUrl = Form.useWatch('logoUrl', form);

  useEffect(() => form.setFieldsValue({ name: tenant.name, logoUrl: tenant.logoUrl ?? '' }), [form, tenant]);

  const submit = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    try {
      const saved = await api<Tenant>('/api/v1/tenant', { method: 'PATCH', body: { name: values.name, logoUrl: values.logoUrl ?? '' } });
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 560 }}>
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      <Form.Item name="name" label={t('settings.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item label={t('settings.logoUrl')}>
        <Space align="start">
          <Form.Item name="logoUrl" noStyle>
            <Input style={{ width: 420 }} placeholder="https://" />
          </Form.Item>
          {logoUrl ? <Avatar shape="square" size={32} src={logoUrl} /> : null}
        </Space>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
