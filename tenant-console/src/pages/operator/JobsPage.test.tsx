import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import JobsPage from './JobsPage';

describe('jobs and event publications', () => {
  it('runs a ledger job and resubmits the incomplete publications older than the chosen age', async () => {
    const calls = mockApi((call) => {
      if (call.url.startsWith('/api/v1/operator/event-publications?')) {
        return { body: [{ id: 'p-1', listener: 'io.jifen.platform.tier.TierListener.on', eventType: 'PointsEarned', publishedAt: '2026-11-30T08:00:00Z', status: null, attempts: 2, lastResubmittedAt: null, event: '{}' }] };
      }
      if (call.url.endsWith('/resubmissions')) {
        return { body: { publications: 1 } };
      }
      return { body: { executionId: 7, status: 'COMPLETED', exitCode: 'COMPLETED', read: 12, written: 12, lotsExpired: 3, asOf: '2026-11-30T08:00:00Z', startedAt: '2026-11-30T08:00:00Z', endedAt: '2026-11-30T08:00:01Z' } };
    });
    renderAs(<JobsPage />, { subject: 'op', name: 'Operator', roles: ['platform-operator'] });
    expect(await screen.findByText('PointsEarned')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /积分过期/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/operator/points-expiry/runs')).toBe(true));
    expect(await screen.findByText('COMPLETED')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('早于（秒）'), { target: { value: '300' } });
    await userEvent.click(screen.getByRole('button', { name: /重新投递/ }));
    await userEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(calls.find((c) => c.url.endsWith('/resubmissions'))).toMatchObject({ method: 'POST', body: { olderThanSeconds: 300 } }));
  }, 120_000);
});
