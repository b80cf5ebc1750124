import { Alert, App as AntApp, Avatar, Button, Form, Input, Space } from 'antd';
import { useEffect, useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { Tenant } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';
import { DEFAULT_ACCENT, DEFAULT_PRIMARY, mallColor } from './mallColors';
import { MallPreview } from './MallPreview';

interface Values {
  name: string;
  logoUrl: string;
  primaryColor: string;
  accentColor: string;
}

const COLOR = /^(#[0-9A-Fa-f]{6})?$/;

/** A colour as text (#RRGGBB, empty for the mall's default) beside the browser's own colour picker. */
function ColorInput({ value, onChange, fallback, label }: { value?: string; onChange?: (value: string) => void; fallback: string; label: string }) {
  const { t } = useI18n();
  return (
    <Space.Compact>
      <input type="color" aria-label={label} value={mallColor(value, fallback).toLowerCase()} onChange={(e) => onChange?.(e.target.value.toUpperCase())}
        style={{ width: 40, height: 32, padding: 2, border: '1px solid #d9d9d9', borderRadius: '6px 0 0 6px', background: '#fff' }} />
      <Input value={value} onChange={(e) => onChange?.(e.target.value)} placeholder={`${t('signup.branding.defaultColor')} ${fallback}`} maxLength={7} style={{ width: 160 }} />
    </Space.Compact>
  );
}

/**
 * The brand's name, logo and mall colours (PATCH /api/v1/tenant): what its mall and its login page show, with a live
 * preview of the mall's home page that follows the form before it is saved.
 */
export function BrandingForm({ tenant, onSaved, submitText }: { tenant: Tenant; onSaved: (tenant: Tenant) => void; submitText?: string }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const logoUrl = watched?.logoUrl;

  useEffect(
    () => form.setFieldsValue({ name: tenant.name, logoUrl: tenant.logoUrl ?? '', primaryColor: tenant.primaryColor ?? '', accentColor: tenant.accentColor ?? '' }),
    [form, tenant],
  );

  const submit = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    try {
      const saved = await api<Tenant>('/api/v1/tenant', {
        method: 'PATCH',
        body: { name: values.name, logoUrl: values.logoUrl ?? '', primaryColor: values.primaryColor ?? '', accentColor: values.accentColor ?? '' },
      });
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };

  const colorRule = { pattern: COLOR, message: '#RRGGBB' };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 32, alignItems: 'flex-start' }}>
      <Form form={form} layout="vertical" onFinish={submit} style={{ flex: '1 1 380px', maxWidth: 560 }}>
        {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
        <Form.Item name="name" label={t('settings.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('settings.logoUrl')}>
          <Space align="start">
            <Form.Item name="logoUrl" noStyle>
              <Input style={{ width: 360 }} placeholder="https://" />
            </Form.Item>
            {logoUrl ? <Avatar shape="square" size={32} src={logoUrl} /> : null}
          </Space>
        </Form.Item>
        <Form.Item name="primaryColor" label={t('signup.branding.primaryColor')} rules={[colorRule]}>
          <ColorInput fallback={DEFAULT_PRIMARY} label={t('signup.branding.primaryColor')} />
        </Form.Item>
        <Form.Item name="accentColor" label={t('signup.branding.accentColor')} rules={[colorRule]}>
          <ColorInput fallback={DEFAULT_ACCENT} label={t('signup.branding.accentColor')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitText ?? t('common.save')}
        </Button>
      </Form>
      <MallPreview brand={{ name: watched?.name || tenant.name, logoUrl: logoUrl || null, primaryColor: watched?.primaryColor, accentColor: watched?.accentColor }} />
    </div>
  );
}
