import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { AdjustPointsForm } from './AdjustPointsForm';

describe('the points adjustment form', () => {
  it('posts the points and the reason with an idempotency key', async () => {
    const calls = mockApi(() => ({ status: 201, body: { transactionId: 'tx', balanceAfter: 150, points: 50 } }));
    const done = vi.fn();
    renderAs(<AdjustPointsForm memberId="m-1" onDone={done} />);
    await userEvent.type(screen.getByLabelText('调整数量（负数为扣减）'), '-50');
    await userEvent.type(screen.getByLabelText('原因'), '客服补偿冲正');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(done).toHaveBeenCalledWith(expect.objectContaining({ balanceAfter: 150 })));
    expect(calls[0]).toMatchObject({ url: '/api/v1/members/m-1/points/adjustments', method: 'POST', body: { points: -50, reason: '客服补偿冲正' } });
    expect(calls[0].headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{32,36}$/);
  });

  it('shows the API refusal at the field it names', async () => {
    mockApi(() => ({ status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'points', message: 'the balance would fall below zero' }] } }));
    const done = vi.fn();
    renderAs(<AdjustPointsForm memberId="m-1" onDone={done} />);
    await userEvent.type(screen.getByLabelText('调整数量（负数为扣减）'), '-999999');
    await userEvent.type(screen.getByLabelText('原因'), 'oops');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('the balance would fall below zero')).toBeInTheDocument();
    expect(done).not.toHaveBeenCalled();
  });

  it('asks for a reason before calling the API', async () => {
    const calls = mockApi(() => ({ status: 201, body: {} }));
    renderAs(<AdjustPointsForm memberId="m-1" onDone={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('调整数量（负数为扣减）'), '10');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText(/原因/, { selector: '.ant-form-item-explain-error' })).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
