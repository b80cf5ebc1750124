import { Space, Tag } from 'antd';

import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import type { Invoice } from './types';

type Collection = 'PENDING' | 'OPEN' | 'PAID' | 'UNCOLLECTIBLE' | 'VOID';

const COLOURS: Record<Collection, string> = { PENDING: 'default', OPEN: 'gold', PAID: 'green', UNCOLLECTIBLE: 'red', VOID: 'default' };

/**
 * How a finalized invoice is being paid (GET .../invoices/{id}/payment, where collection runs): its state at Stripe and
 * the link to its hosted payment page (the invoice's own {@code hostedInvoiceUrl} when it has one); nothing for a draft.
 */
export function InvoicePayment({ invoice }: { invoice: Invoice }) {
  const { t } = useI18n();
  const finalized = invoice.status === 'FINALIZED';
  const payment = useLoad(
    () => (finalized ? api<{ status: Collection; hostedInvoiceUrl?: string | null }>(`/api/v1/tenant/billing/invoices/${invoice.id}/payment`)
      : Promise.resolve(undefined)),
    [invoice.id, finalized],
  );
  const url = invoice.hostedInvoiceUrl ?? payment.data?.hostedInvoiceUrl;
  const status = payment.data?.status;
  return (
    <Space>
      {status && <Tag color={COLOURS[status]} data-testid="payment-status">{t(`billing.payment.${status}` as never)}</Tag>}
      {url && <a href={url} target="_blank" rel="noreferrer">{t('billing.hosted')}</a>}
    </Space>
  );
}
