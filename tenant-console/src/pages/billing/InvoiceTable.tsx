import { App as AntApp, Button, Space, Table, Tag } from 'antd';
import type { ReactNode } from 'react';

import { download } from '../../api/client';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatTime } from '../format';
import type { Invoice, InvoiceLine } from './types';

interface Props {
  invoices: Invoice[];
  loading?: boolean;
  /** Where an invoice's PDF is: the tenant's own path or the operator's. */
  pdfPath: (invoice: Invoice) => string;
  /** More actions per invoice (the operator's finalization and credit notes). */
  actions?: (invoice: Invoice) => ReactNode;
  /** More under an opened invoice (its credit notes). */
  below?: (invoice: Invoice) => ReactNode;
  /** The invoice's hosted page link; the invoice's own field by default. */
  hosted?: (invoice: Invoice) => ReactNode;
}

/** Invoices with their status and totals, the PDF (fetched with the token), the hosted page when the invoice has one, and the lines when opened. */
export function InvoiceTable({ invoices, loading, pdfPath, actions, below, hosted }: Props) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const pdf = (invoice: Invoice) => download(pdfPath(invoice), `${invoice.number}.pdf`).catch((error: unknown) => message.error((error as Error).message));
  return (
    <Table<Invoice>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={invoices}
      pagination={false}
      expandable={{
        expandedRowRender: (invoice) => (
          <>
            <Table<InvoiceLine>
              rowKey="lineNo"
              size="small"
              pagination={false}
              dataSource={invoice.lines}
              columns={[
                { title: t('billing.line.kind'), dataIndex: 'kind', render: (kind: string, line) => <>{kind}{line.adjustment && <Tag style={{ marginLeft: 4 }}>{t('billing.line.adjustment')}</Tag>}</> },
                { title: t('billing.line.description'), dataIndex: 'description' },
                { title: t('billing.line.quantity'), dataIndex: 'quantity' },
                { title: t('billing.amount'), dataIndex: 'amountFen', render: (v: number) => formatFen(v) },
                { title: t('billing.tax'), dataIndex: 'taxFen', render: (v: number) => formatFen(v) },
              ]}
            />
            {below?.(invoice)}
          </>
        ),
      }}
      columns={[
        { title: t('billing.invoice.number'), dataIndex: 'number' },
        { title: t('billing.period'), dataIndex: 'period' },
        { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'FINALIZED' ? 'green' : 'gold'}>{t(`billing.status.${s}` as never)}</Tag> },
        { title: t('billing.subtotal'), dataIndex: 'subtotalFen', render: (v: number) => formatFen(v) },
        { title: t('billing.tax'), dataIndex: 'taxFen', render: (v: number) => formatFen(v) },
        { title: t('billing.total'), dataIndex: 'totalFen', render: (v: number) => formatFen(v) },
        { title: t('billing.issuedAt'), dataIndex: 'issuedAt', render: (v: string) => formatTime(v) },
        { title: t('billing.finalizeAfter'), dataIndex: 'finalizeAfter', render: (v: string, i) => (i.finalizedAt ? formatTime(i.finalizedAt) : formatTime(v)) },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, invoice) => (
            <Space wrap>
              <Button size="small" onClick={() => void pdf(invoice)}>PDF</Button>
              {hosted ? hosted(invoice) : invoice.hostedInvoiceUrl && <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer">{t('billing.hosted')}</a>}
              {actions?.(invoice)}
            </Space>
          ),
        },
      ]}
    />
  );
}
