import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import TenantBillingPage from './TenantBillingPage';

const invoice = (id: string, hostedInvoiceUrl?: string) => ({
  id, tenantId: 't-1', number: `INV-202610-${id}`, period: '2026-10', status: 'FINALIZED', currency: 'CNY', subtotalFen: 100000, taxFen: 6000,
  totalFen: 106000, issuedAt: '2026-11-01T00:00:00Z', finalizeAfter: '2026-11-04T00:00:00Z', finalizedAt: '2026-11-04T00:00:00Z',
  lines: [{ lineNo: 1, kind: 'BASE_FEE', adjustment: false, description: '月费', quantity: 31, amountFen: 100000, taxFen: 6000 }],
  ...(hostedInvoiceUrl ? { hostedInvoiceUrl } : {}),
});

describe("the tenant's billing", () => {
  it('shows the plan and the invoices, downloads a PDF with the token, says how each is paid and links its hosted page', async () => {
    const calls = mockApi((call) => {
      if (call.url === '/api/v1/tenant/billing/plan') {
        return {
          body: {
            subscription: { id: 's-1', tenantId: 't-1', planCode: 'growth', planVersion: 2, startsOn: '2026-10-01', endsOn: null, trialEndsOn: null },
            plan: { code: 'growth', version: 2, name: '成长版', baseFeeFen: 99900, includedMembers: 10000, overageFenPerMember: 2, serviceFeeBp: 300, goodsMarginBp: 500, notificationFen: 5, taxBp: 600, createdAt: '2026-09-01T00:00:00Z' },
          },
        };
      }
      if (call.url.endsWith('/pdf')) {
        return { body: 'pdf' };
      }
      if (call.url === '/api/v1/tenant/billing/invoices/b/payment') {
        return { body: { invoiceId: 'b', status: 'PAID', hostedInvoiceUrl: 'https://pay.example/i/b' } };
      }
      if (call.url === '/api/v1/tenant/billing/invoices/c/payment') {
        return { body: { invoiceId: 'c', status: 'OPEN', hostedInvoiceUrl: 'https://pay.example/i/c' } };
      }
      if (call.url.endsWith('/payment')) {
        return { status: 404, body: { title: 'Not found', detail: 'Payment of invoice a', errors: [] } };
      }
      return { body: [invoice('a'), invoice('b', 'https://pay.example/i/b'), invoice('c')] };
    });
    const createObjectURL = vi.fn(() => 'blob:invoice');
    // jsdom has no object URLs; the download hands the PDF's blob to one.
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    renderAs(<TenantBillingPage />);
    expect(await screen.findByText('成长版 (growth v2)')).toBeInTheDocument();
    expect(screen.getByText('3.00%')).toBeInTheDocument();
    expect(await screen.findByText('INV-202610-a')).toBeInTheDocument();
    // b has its page on the invoice and is paid, c its page on its payment (collection) and is awaited, a none.
    await waitFor(() => expect(screen.getAllByRole('link', { name: '在线账单' })).toHaveLength(2));
    expect(screen.getAllByRole('link', { name: '在线账单' }).map((link) => link.getAttribute('href'))).toEqual(['https://pay.example/i/b', 'https://pay.example/i/c']);
    expect(screen.getAllByTestId('payment-status').map((tag) => tag.textContent)).toEqual(['已支付', '待支付']);

    await userEvent.click(screen.getAllByRole('button', { name: 'PDF' })[0]);
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    const pdf = calls.find((c) => c.url.endsWith('/pdf'));
    expect(pdf?.url).toBe('/api/v1/tenant/billing/invoices/a/pdf');
  }, 120_000);
});
