import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Card, Result, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';

import { api } from '../../api/client';
import type { Tenant } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { PointTypeForm, type PointType } from '../earning/PointTypesPage';
import { formatFen, formatPoints } from '../format';
import { BrandingForm } from '../settings/BrandingForm';
import { InviteForm } from '../settings/StaffCard';
import { TemplateCard } from '../settings/TemplateCard';

const STEPS = ['template', 'points', 'branding', 'invite', 'live'] as const;
type Step = (typeof STEPS)[number];

/** Where the tenant's members find its mall (served by the platform beside the console). */
export function mallUrl(slug: string): string {
  return `${window.location.origin}/m/${slug}/`;
}

/**
 * The new brand's guided set-up after its first sign-in: an industry template, the point type's expiry, branding with a
 * preview of the mall, more admins, and going live. Each step uses the settings' own forms and can be skipped; finishing
 * (or skipping the guide) records it on the tenant (PUT /api/v1/tenant/onboarding), after which the console no longer
 * opens this page by itself.
 */
export default function OnboardingPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const tenant = useLoad(() => api<Tenant>('/api/v1/tenant'), []);
  const types = useLoad(() => api<PointType[]>('/api/v1/point-types'), []);
  const [current, setCurrent] = useState(0);
  const [done, setDone] = useState<Set<Step>>(new Set());
  const [saved, setSaved] = useState<Tenant | undefined>();
  const [invited, setInvited] = useState<string[]>([]);
  const [finishing, setFinishing] = useState(false);
  const step = STEPS[current];
  const brand = saved ?? tenant.data;
  const pointType = types.data?.[0];

  const markDone = (which: Step) => setDone((before) => new Set(before).add(which));
  const next = () => setCurrent((c) => Math.min(c + 1, STEPS.length - 1));
  const finish = async () => {
    setFinishing(true);
    try {
      await api<Tenant>('/api/v1/tenant/onboarding', { method: 'PUT' });
      navigate('/dashboard', { replace: true });
    } catch (error) {
      message.error((error as Error).message);
      setFinishing(false);
    }
  };

  return (
    <PageContainer
      title={t('signup.onboarding.title')}
      extra={step !== 'live' ? <Button onClick={() => void finish()} loading={finishing}>{t('signup.onboarding.skipAll')}</Button> : undefined}
    >
      <Typography.Paragraph type="secondary">{t('signup.onboarding.intro')}</Typography.Paragraph>
      <Steps
        current={current}
        onChange={setCurrent}
        style={{ marginBottom: 24 }}
        items={STEPS.map((which) => ({ title: t(`signup.onboarding.${which}`), status: which === step ? 'process' : done.has(which) ? 'finish' : 'wait' }))}
      />
      {tenant.error ? <Alert type="error" showIcon title={t('common.problem')} description={(tenant.error as Error).message} style={{ marginBottom: 16 }} /> : null}
      {step === 'template' && (
        <>
          <Typography.Paragraph>{t('signup.onboarding.templateHint')}</Typography.Paragraph>
          <TemplateCard onApplied={() => markDone('template')} />
        </>
      )}
      {step === 'points' && (
        <Card title={t('signup.onboarding.points')} loading={types.loading} style={{ marginBottom: 16 }}>
          {pointType && (
            <>
              <Typography.Paragraph data-testid="point-value">
                {t('signup.onboarding.value', {
                  points: formatPoints(pointType.anchorPoints),
                  amount: pointType.currency === 'CNY' ? formatFen(pointType.anchorAmountMinor) : `${pointType.anchorAmountMinor} ${pointType.currency} (minor)`,
                })}
              </Typography.Paragraph>
              <PointTypeForm pointType={pointType} onSaved={() => { markDone('points'); types.reload(); message.success(t('signup.onboarding.saved')); next(); }} />
            </>
          )}
        </Card>
      )}
      {step === 'branding' && (
        <Card title={t('signup.onboarding.branding')} loading={tenant.loading && !brand} style={{ marginBottom: 16 }}>
          {brand && <BrandingForm tenant={brand} onSaved={(updated) => { setSaved(updated); markDone('branding'); next(); }} />}
        </Card>
      )}
      {step === 'invite' && (
        <Card title={t('signup.onboarding.invite')} style={{ marginBottom: 16, maxWidth: 560 }}>
          {invited.length > 0 && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('signup.onboarding.invited', { emails: invited.join(', ') })} />}
          <InviteForm onInvited={(user) => { setInvited((before) => [...before, user.email]); markDone('invite'); }} />
        </Card>
      )}
      {step === 'live' && (
        <Result
          status="success"
          title={t('signup.onboarding.liveTitle')}
          subTitle={brand ? t('signup.onboarding.liveText', { url: mallUrl(brand.slug) }) : undefined}
          extra={[
            brand ? <Button key="mall" href={mallUrl(brand.slug)} target="_blank" rel="noreferrer">{t('signup.onboarding.openMall')}</Button> : null,
            <Button key="finish" type="primary" loading={finishing} onClick={() => void finish()}>{t('signup.onboarding.finish')}</Button>,
          ]}
        />
      )}
      {step !== 'live' && (
        <Space>
          <Button disabled={current === 0} onClick={() => setCurrent((c) => Math.max(c - 1, 0))}>{t('signup.onboarding.back')}</Button>
          <Button type={done.has(step) ? 'primary' : 'default'} onClick={next}>
            {done.has(step) ? t('signup.onboarding.next') : t('signup.onboarding.skip')}
          </Button>
        </Space>
      )}
    </PageContainer>
  );
}
