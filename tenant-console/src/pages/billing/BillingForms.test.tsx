import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { CreditNoteForm, PlanForm } from './BillingForms';

const OPERATOR = { subject: 'op', name: 'Operator', roles: ['platform-operator'] };

describe('the billing forms', () => {
  it('publishes a plan version and shows a refused rate at its field', async () => {
    const calls = mockApi((call) =>
      (call.body as { serviceFeeBp: number }).serviceFeeBp > 10_000
        ? { status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'serviceFeeBp', message: '0 to 10000 basis points' }] } }
        : { status: 201, body: { ...(call.body as object), version: 1, taxBp: 600, createdAt: '2026-11-30T08:00:00Z' } },
    );
    const published = vi.fn();
    renderAs(<PlanForm onPublished={published} />, OPERATOR);
    const fill = async (label: string, value: string) => {
      await userEvent.clear(screen.getByLabelText(label));
      await userEvent.type(screen.getByLabelText(label), value);
    };
    await fill('套餐代码', 'growth');
    await fill('名称', '成长版');
    await fill('月费', '99900');
    await fill('包含会员数', '10000');
    await fill('超出每会员（分）', '2');
    await fill('服务费率（基点）', '20000');
    await fill('商品加价率（基点）', '500');
    await fill('每条通知（分）', '5');
    await userEvent.click(screen.getByRole('button', { name: /发布套餐版本/ }));
    expect(await screen.findByText('0 to 10000 basis points')).toBeInTheDocument();
    expect(published).not.toHaveBeenCalled();

    await fill('服务费率（基点）', '300');
    await userEvent.click(screen.getByRole('button', { name: /发布套餐版本/ }));
    await waitFor(() => expect(published).toHaveBeenCalled());
    expect(calls.at(-1)).toMatchObject({
      method: 'POST', url: '/api/v1/operator/billing/plans',
      body: { code: 'growth', name: '成长版', baseFeeFen: 99900, includedMembers: 10000, overageFenPerMember: 2, serviceFeeBp: 300, goodsMarginBp: 500, notificationFen: 5 },
    });
  }, 120_000);

  it('issues a credit note with an amount and a reason', async () => {
    const calls = mockApi(() => ({ status: 201, body: { id: 'cn-1', tenantId: 't-1', number: 'CN-2026-0001', invoiceId: 'i-1', amountFen: 5000, taxFen: 283, reason: '服务中断补偿', createdAt: '2026-11-30T08:00:00Z' } }));
    const credited = vi.fn();
    renderAs(<CreditNoteForm tenantId="t-1" invoiceId="i-1" onCredited={credited} />, OPERATOR);
    await userEvent.type(screen.getByLabelText('冲销金额（分）'), '5000');
    await userEvent.type(screen.getByLabelText('原因'), '服务中断补偿');
    await userEvent.click(screen.getByRole('button', { name: /开红字冲销/ }));
    await waitFor(() => expect(credited).toHaveBeenCalledWith(expect.objectContaining({ number: 'CN-2026-0001' })));
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/api/v1/operator/billing/tenants/t-1/invoices/i-1/credit-notes', body: { amountFen: 5000, reason: '服务中断补偿' } });
  }, 120_000);
});
