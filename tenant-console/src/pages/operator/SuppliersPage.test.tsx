import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import SuppliersPage from './SuppliersPage';

const OPERATOR = { subject: 'op', name: 'Operator', roles: ['platform-operator'] };

const run = (executionId: number, status: string, read: number, total: number | null = 6000) => ({
  executionId, supplier: 'jd', job: 'catalogFullSync', status, read, written: read, total,
  startedAt: '2026-11-30T08:00:00Z', endedAt: status === 'STARTED' ? null : '2026-11-30T08:00:10Z',
});

describe('the supplier syncs', () => {
  it('lists the runs with their progress and refreshes while one is under way, until it ends', async () => {
    // A run under way from the schedule: the test moves it on (1500 of 6000, then 4500, then done).
    let stage = 0;
    let listings = 0;
    mockApi((call) => {
      if (call.url === '/api/v1/operator/catalog/suppliers') {
        return { body: ['jd', 'vouchers'] };
      }
      listings += 1;
      return { body: [stage === 0 ? run(42, 'STARTED', 1500) : stage === 1 ? run(42, 'STARTED', 4500) : run(42, 'COMPLETED', 6000), run(41, 'FAILED', 2500)] };
    });
    renderAs(<SuppliersPage refreshMs={100} />, OPERATOR);

    expect((await screen.findAllByText('1500/6000')).length).toBeGreaterThan(0);
    expect(screen.getByText('有同步正在运行，每 0 秒刷新')).toBeInTheDocument();
    stage = 1;
    expect((await screen.findAllByText('4500/6000', undefined, { timeout: 20_000 })).length).toBeGreaterThan(0);
    stage = 2;
    expect((await screen.findAllByText('6000/6000', undefined, { timeout: 20_000 })).length).toBeGreaterThan(0);
    await waitFor(() => expect(screen.queryByText(/有同步正在运行/)).not.toBeInTheDocument());
    // A refresh the timer fired just before the run ended may still be answered; after that, none (10 periods).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const settled = listings;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(listings, 'no more refreshes once nothing runs').toBe(settled);
    expect(screen.getAllByText('2500/6000').length).toBeGreaterThan(0);
  }, 120_000);

  it('starts a full sync, lists it when it has run, and restarts a failed run', async () => {
    let ran = false;
    let restarted = false;
    const calls = mockApi((call) => {
      if (call.url === '/api/v1/operator/catalog/suppliers') {
        return { body: ['jd', 'vouchers'] };
      }
      if (call.url.endsWith('/restart')) {
        restarted = true;
        return { body: run(43, 'COMPLETED', 3500, 3500) };
      }
      if (call.method === 'POST') {
        ran = true;
        return { body: run(41, 'FAILED', 2500) };
      }
      return { body: [...(restarted ? [run(43, 'COMPLETED', 3500, 3500)] : []), ...(ran ? [run(41, 'FAILED', 2500)] : [])] };
    });
    renderAs(<SuppliersPage refreshMs={100} />, OPERATOR);
    expect(await screen.findByText('vouchers')).toBeInTheDocument();

    await userEvent.click(screen.getAllByRole('button', { name: /全量同步/ })[0]);
    expect(await screen.findByText('catalogFullSync · FAILED')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'POST')).toMatchObject({ url: '/api/v1/operator/catalog/suppliers/jd/full-syncs' });

    const history = screen.getByText('最近的同步（最新在前）').closest('.ant-card') as HTMLElement;
    // The failed run's own button (the last one: the form's restart by id comes first).
    await userEvent.click(within(history).getAllByRole('button', { name: /重新开始/ }).at(-1)!);
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.url === '/api/v1/operator/catalog/sync-runs/41/restart')).toBe(true));
    expect(await screen.findByText('catalogFullSync · COMPLETED')).toBeInTheDocument();
    expect((await screen.findAllByText('3500/3500')).length).toBeGreaterThan(0);
  }, 120_000);
});
