import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import SuppliersPage from './SuppliersPage';

const run = (executionId: number, status: string) => ({
  executionId, supplier: 'jd', job: 'catalogFullSync', status, read: 6000, written: status === 'FAILED' ? 2500 : 6000,
  startedAt: '2026-11-30T08:00:00Z', endedAt: '2026-11-30T08:00:10Z',
});

describe('the supplier syncs', () => {
  it('starts a full sync, shows what it read and wrote, and restarts a failed run', async () => {
    const calls = mockApi((call) => {
      if (call.url === '/api/v1/operator/catalog/suppliers') {
        return { body: ['jd', 'vouchers'] };
      }
      if (call.url.endsWith('/restart')) {
        return { body: run(41, 'COMPLETED') };
      }
      return { body: run(41, 'FAILED') };
    });
    renderAs(<SuppliersPage />, { subject: 'op', name: 'Operator', roles: ['platform-operator'] });
    expect(await screen.findByText('vouchers')).toBeInTheDocument();

    await userEvent.click(screen.getAllByRole('button', { name: /全量同步/ })[0]);
    expect(await screen.findByText('catalogFullSync · FAILED · 2500/6000')).toBeInTheDocument();
    expect(calls.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/operator/catalog/suppliers/jd/full-syncs' });

    const restart = screen.getAllByRole('button', { name: /重新开始/ }).at(-1)!;
    await userEvent.click(restart);
    await waitFor(() => expect(calls.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/operator/catalog/sync-runs/41/restart' }));
    expect(await screen.findByText('catalogFullSync · COMPLETED · 6000/6000')).toBeInTheDocument();
  }, 120_000);
});
