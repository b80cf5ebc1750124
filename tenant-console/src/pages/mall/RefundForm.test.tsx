import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Order } from '../../api/types';
import { mockApi, renderAs } from '../../test/render';
import { RefundForm } from './RefundForm';

const order: Order = {
  id: 'o-1', orderNo: 'R-1', memberId: 'm-1', item: 'own:1', title: '奶瓶', fulfilment: 'SHIPPED', quantity: 2, pointType: 'default',
  points: 3000, cashFen: 2000, orderFen: 5000, state: 'PAID', pointsRefunded: 1000, cashRefundedFen: 0, quantityReturned: 0, placedAt: '2026-11-30T08:00:00Z',
};

describe('the refund form', () => {
  it('offers what is left to refund and posts the refund with a key and the reason', async () => {
    const calls = mockApi(() => ({ status: 201, body: {} }));
    const done = vi.fn();
    renderAs(<RefundForm order={order} onDone={done} />);
    expect(screen.getByLabelText('退还积分')).toHaveValue('2000');
    await userEvent.type(screen.getByLabelText('原因'), '质量问题');
    await userEvent.click(screen.getByRole('button', { name: /退\s*款/ }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({ url: '/api/v1/orders/o-1/refunds', method: 'POST', body: { points: 2000, cashFen: 2000, quantity: 0, restock: false, reason: '质量问题' } });
    expect(calls[0].headers['Idempotency-Key']).toBeTruthy();
  });

  it('shows a refusal at the field it names', async () => {
    mockApi(() => ({ status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'points', message: 'more than the order has left (2000)' }] } }));
    const done = vi.fn();
    renderAs(<RefundForm order={order} onDone={done} />);
    await userEvent.type(screen.getByLabelText('原因'), 'x');
    await userEvent.click(screen.getByRole('button', { name: /退\s*款/ }));
    expect(await screen.findByText('more than the order has left (2000)')).toBeInTheDocument();
    expect(done).not.toHaveBeenCalled();
  });
});
