import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import TenantsPage from './TenantsPage';

describe('the tenants', () => {
  it('lists the tenants with a way to their billing, suspends one and reactivates a suspended one', async () => {
    let bella = 'ACTIVE';
    const calls = mockApi((call) => {
      if (call.url.includes('/suspension')) {
        bella = call.method === 'POST' ? 'SUSPENDED' : 'ACTIVE';
      }
      const tenant = { id: 't-1', slug: 'bella-baby', name: '贝拉母婴', status: bella, timeZone: 'Asia/Shanghai', currency: 'CNY', locale: 'zh-CN', createdAt: '2026-11-01T00:00:00Z' };
      return { body: call.url.includes('/suspension') ? tenant : { items: [tenant], page: 0, size: 50, totalItems: 1, totalPages: 1 } };
    });
    renderAs(<TenantsPage />, { subject: 'op', name: 'Operator', roles: ['platform-operator'] });
    expect(await screen.findByText('贝拉母婴')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '计费' })).toHaveAttribute('href', '/operator/billing/tenants/t-1');
    expect(calls[0].url).toBe('/api/v1/operator/tenants?page=0&size=50');

    await userEvent.click(screen.getByRole('button', { name: /停\s*用/ }));
    await userEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/operator/tenants/t-1/suspension')).toBe(true));
    // The list is read again after the change: the tenant now offers reactivation.
    await userEvent.click(await screen.findByRole('button', { name: /恢\s*复/ }, { timeout: 30_000 }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/operator/tenants/t-1/suspension')).toBe(true));
  }, 180_000);
});
