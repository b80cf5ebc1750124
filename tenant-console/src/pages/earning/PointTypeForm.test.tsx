import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { type PointType, PointTypeForm } from './PointTypesPage';

const pointType: PointType = {
  id: 'p-1', code: 'default', name: '积分', anchorPoints: 100, anchorAmountMinor: 100, currency: 'CNY', expiryPolicy: 'ROLLING_MONTHS',
  expiryMonths: 12, expiryYears: 0, expiryReminderDays: 30, transferDailyLimit: 0, loanLimit: 0, clawbackPolicy: 'NEGATIVE', pendingDays: 0,
  createdAt: '2026-11-01T00:00:00Z',
};

describe('the point type form', () => {
  it('sends only the rules it changed and shows a refused value at its field', async () => {
    const calls = mockApi((call) =>
      (call.body as { expiryMonths?: number }).expiryMonths === 0
        ? { status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'expiryMonths', message: 'rolling expiry needs at least 1 month' }] } }
        : { body: { ...pointType, ...(call.body as object) } },
    );
    const saved = vi.fn();
    renderAs(<PointTypeForm pointType={pointType} onSaved={saved} />);
    const months = screen.getByLabelText('过期月数');
    await userEvent.clear(months);
    await userEvent.type(months, '0');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('rolling expiry needs at least 1 month')).toBeInTheDocument();
    expect(saved).not.toHaveBeenCalled();

    await userEvent.clear(months);
    await userEvent.type(months, '24');
    await userEvent.clear(screen.getByLabelText('冻结期（天）'));
    await userEvent.type(screen.getByLabelText('冻结期（天）'), '7');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH', url: '/api/v1/point-types/p-1' });
    expect(calls.at(-1)?.body).toEqual({ expiryMonths: 24, pendingDays: 7 });
  }, 120_000);
});
