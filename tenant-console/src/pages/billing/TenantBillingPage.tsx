import { PageContainer } from '@ant-design/pro-components';
import { Card, Descriptions, Empty } from 'antd';

import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen } from '../format';
import { InvoicePayment } from './InvoicePayment';
import { InvoiceTable } from './InvoiceTable';
import type { Invoice, Plan, Subscription } from './types';

/** The plan's terms as a list: fees in fen, rates in basis points shown as percent. */
export function PlanTerms({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const percent = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
  return (
    <Descriptions size="small" column={2}>
      <Descriptions.Item label={t('billing.plan')}>{`${plan.name} (${plan.code} v${plan.version})`}</Descriptions.Item>
      <Descriptions.Item label={t('billing.plan.baseFee')}>{formatFen(plan.baseFeeFen)}</Descriptions.Item>
      <Descriptions.Item label={t('billing.plan.includedMembers')}>{plan.includedMembers.toLocaleString()}</Descriptions.Item>
      <Descriptions.Item label={t('billing.plan.overage')}>{formatFen(plan.overageFenPerMember)}</Descriptions.Item>
      <Descriptions.Item label={t('billing.plan.serviceFee')}>{percent(plan.serviceFeeBp)}</Descriptions.Item>
      <Descriptions.Item label={t('billing.plan.goodsMargin')}>{percent(plan.goodsMarginBp)}</Descriptions.Item>
      <Descriptions.Item label={t('billing.plan.notification')}>{formatFen(plan.notificationFen)}</Descriptions.Item>
      <Descriptions.Item label={t('billing.tax')}>{percent(plan.taxBp)}</Descriptions.Item>
    </Descriptions>
  );
}

/** The tenant's own billing (its admins): the plan running today and the invoices with their PDFs. */
export default function TenantBillingPage() {
  const { t } = useI18n();
  const current = useLoad(() => api<{ subscription?: Subscription | null; plan?: Plan | null }>('/api/v1/tenant/billing/plan'), []);
  const invoices = useLoad(() => api<Invoice[]>('/api/v1/tenant/billing/invoices'), []);
  const subscription = current.data?.subscription;
  return (
    <PageContainer>
      <Card title={t('billing.plan')} style={{ marginBottom: 16 }} loading={current.loading}>
        {current.data?.plan ? (
          <>
            <PlanTerms plan={current.data.plan} />
            {subscription && (
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t('billing.startsOn')}>{subscription.startsOn}</Descriptions.Item>
                <Descriptions.Item label={t('billing.endsOn')}>{subscription.endsOn ?? '–'}</Descriptions.Item>
                <Descriptions.Item label={t('billing.trialEndsOn')}>{subscription.trialEndsOn ?? '–'}</Descriptions.Item>
              </Descriptions>
            )}
          </>
        ) : (
          <Empty description={t('billing.noPlan')} />
        )}
      </Card>
      <Card title={t('billing.invoices')}>
        <InvoiceTable invoices={invoices.data ?? []} loading={invoices.loading} pdfPath={(invoice) => `/api/v1/tenant/billing/invoices/${invoice.id}/pdf`}
          hosted={(invoice) => <InvoicePayment invoice={invoice} />} />
      </Card>
    </PageContainer>
  );
}
