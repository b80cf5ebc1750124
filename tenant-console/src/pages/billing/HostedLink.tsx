import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import type { Invoice } from './types';

/**
 * The link to a finalized invoice's hosted payment page: the invoice's own {@code hostedInvoiceUrl} when it has one,
 * else its payment's (GET .../invoices/{id}/payment, where collection runs); nothing where neither exists.
 */
export function HostedLink({ invoice }: { invoice: Invoice }) {
  const { t } = useI18n();
  const wanted = invoice.status === 'FINALIZED' && !invoice.hostedInvoiceUrl;
  const payment = useLoad(
    () => (wanted ? api<{ hostedInvoiceUrl?: string | null }>(`/api/v1/tenant/billing/invoices/${invoice.id}/payment`) : Promise.resolve(undefined)),
    [invoice.id, wanted],
  );
  const url = invoice.hostedInvoiceUrl ?? payment.data?.hostedInvoiceUrl;
  return url ? <a href={url} target="_blank" rel="noreferrer">{t('billing.hosted')}</a> : null;
}
