import { PageContainer } from '@ant-design/pro-components';
import { App as AntApp, Button, Card, Modal, Popconfirm, Table } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useParams } from 'react-router-dom';

import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatTime } from '../format';
import { InvoiceTable } from './InvoiceTable';
import type { CreditNote, Invoice, Plan, Subscription } from './types';

// The forms (and their date pickers) load after the page: its first load stays within the budget.
const SubscribeForm = lazy(() => import('./BillingForms').then((forms) => ({ default: forms.SubscribeForm })));
const CreditNoteForm = lazy(() => import('./BillingForms').then((forms) => ({ default: forms.CreditNoteForm })));

function CreditNotes({ tenantId, invoiceId, round }: { tenantId: string; invoiceId: string; round: number }) {
  const { t } = useI18n();
  const notes = useLoad(() => api<CreditNote[]>(`/api/v1/operator/billing/tenants/${tenantId}/invoices/${invoiceId}/credit-notes`), [invoiceId, round]);
  if (!notes.data?.length) {
    return null;
  }
  return (
    <Table<CreditNote>
      rowKey="id"
      size="small"
      pagination={false}
      style={{ marginTop: 8 }}
      title={() => t('billing.creditNotes')}
      dataSource={notes.data}
      columns={[
        { title: t('billing.invoice.number'), dataIndex: 'number' },
        { title: t('billing.amount'), dataIndex: 'amountFen', render: (v: number) => formatFen(v) },
        { title: t('billing.tax'), dataIndex: 'taxFen', render: (v: number) => formatFen(v) },
        { title: t('billing.credit.reason'), dataIndex: 'reason' },
        { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
      ]}
    />
  );
}

/** One tenant's billing for the operator: subscriptions (and a new one), invoices with finalization, credit notes and PDFs. */
export default function OperatorTenantBillingPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { tenantId = '' } = useParams();
  const base = `/api/v1/operator/billing/tenants/${tenantId}`;
  const subscriptions = useLoad(() => api<Subscription[]>(`${base}/subscriptions`), [tenantId]);
  const invoices = useLoad(() => api<Invoice[]>(`${base}/invoices`), [tenantId]);
  const plans = useLoad(() => api<Plan[]>('/api/v1/operator/billing/plans'), []);
  const [crediting, setCrediting] = useState<Invoice | undefined>();
  const [round, setRound] = useState(0);

  const finalize = async (invoice: Invoice) => {
    try {
      await api<Invoice>(`${base}/invoices/${invoice.id}/finalization`, { method: 'POST' });
      invoices.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <PageContainer title={t('billing.tenantTitle', { tenant: tenantId })}>
      <Card title={t('billing.subscriptions')} style={{ marginBottom: 16 }}>
        <Suspense fallback={null}>
          <SubscribeForm tenantId={tenantId} plans={plans.data ?? []} onSubscribed={() => subscriptions.reload()} />
        </Suspense>
        <Table<Subscription>
          rowKey="id"
          size="small"
          style={{ marginTop: 12 }}
          pagination={false}
          loading={subscriptions.loading}
          dataSource={subscriptions.data ?? []}
          columns={[
            { title: t('billing.plan'), key: 'plan', render: (_, s) => `${s.planCode} v${s.planVersion}` },
            { title: t('billing.startsOn'), dataIndex: 'startsOn' },
            { title: t('billing.endsOn'), dataIndex: 'endsOn', render: (v?: string | null) => v ?? '–' },
            { title: t('billing.trialEndsOn'), dataIndex: 'trialEndsOn', render: (v?: string | null) => v ?? '–' },
          ]}
        />
      </Card>
      <Card title={t('billing.invoices')}>
        <InvoiceTable
          invoices={invoices.data ?? []}
          loading={invoices.loading}
          pdfPath={(invoice) => `${base}/invoices/${invoice.id}/pdf`}
          below={(invoice) => <CreditNotes tenantId={tenantId} invoiceId={invoice.id} round={round} />}
          actions={(invoice) => (
            <>
              {invoice.status === 'DRAFT' && (
                <Popconfirm title={t('billing.finalize.confirm')} onConfirm={() => void finalize(invoice)}>
                  <Button size="small">{t('billing.finalize')}</Button>
                </Popconfirm>
              )}
              <Button size="small" onClick={() => setCrediting(invoice)}>{t('billing.credit')}</Button>
            </>
          )}
        />
      </Card>
      <Modal open={Boolean(crediting)} footer={null} destroyOnHidden title={`${t('billing.credit')} ${crediting?.number ?? ''}`} onCancel={() => setCrediting(undefined)}>
        {crediting && (
          <Suspense fallback={null}>
            <CreditNoteForm tenantId={tenantId} invoiceId={crediting.id} onCredited={(note) => {
              message.success(t('billing.credited', { number: note.number }));
              setCrediting(undefined);
              setRound((r) => r + 1);
            }} />
          </Suspense>
        )}
      </Modal>
    </PageContainer>
  );
}
