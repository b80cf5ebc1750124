import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import AuditLogPage from './AuditLogPage';

const event = (id: string, before: unknown, after: unknown) => ({
  id, occurredAt: '2026-11-30T08:00:00Z', actor: { subject: `admin-${id}`, clientId: null, roles: ['tenant-admin'] },
  method: 'PATCH', path: '/api/v1/point-types/p-1', pathIds: { pointTypeId: 'p-1' }, resource: { type: 'point-type', id: 'p-1' },
  before, after, requestId: 'r-1',
});

describe('the audit log', () => {
  it('lists events with who and what, opens one to its before/after diff, pages by cursor and filters by actor', async () => {
    const calls = mockApi((call) =>
      call.url.includes('after=c-1')
        ? { body: { items: [event('e-2', null, null)], next: null } }
        : { body: { items: [event('e-1', { name: '积分', expiryMonths: 12 }, { name: '积分', expiryMonths: 24 })], next: 'c-1' } },
    );
    renderAs(<AuditLogPage />);
    expect(await screen.findByText('admin-e-1')).toBeInTheDocument();
    expect(screen.getByText('point-type:p-1')).toBeInTheDocument();
    expect(calls[0].url).toBe('/api/v1/audit-events?size=50');

    await userEvent.click(screen.getAllByRole('button', { name: /展开行|Expand row/ })[0]);
    expect(await screen.findByText('expiryMonths')).toBeInTheDocument();
    expect(screen.getByText('12')).toBeInTheDocument();
    expect(screen.getByText('24')).toBeInTheDocument();
    expect(screen.queryByText('name')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /加载更多/ }));
    expect(await screen.findByText('admin-e-2')).toBeInTheDocument();
    expect(calls.at(-1)?.url).toBe('/api/v1/audit-events?after=c-1&size=50');

    await userEvent.type(screen.getByLabelText('操作人'), 'admin-e-1');
    await userEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/audit-events?actor=admin-e-1&size=50'));
  }, 120_000);
});
