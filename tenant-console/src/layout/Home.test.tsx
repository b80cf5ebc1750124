import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { ADMIN, mockApi, renderAs, STAFF } from '../test/render';
import { Home } from './Home';

const at = (
  <Routes>
    <Route path="/" element={<Home />} />
    <Route path="/onboarding" element={<div>onboarding</div>} />
    <Route path="/dashboard" element={<div>dashboard</div>} />
    <Route path="/operator/tenants" element={<div>tenants</div>} />
  </Routes>
);
const tenant = (onboardedAt: string | null) => ({ id: 't-1', slug: 'b', name: 'B', status: 'ACTIVE', onboardedAt, createdAt: '2026-11-01T00:00:00Z' });

describe('where the console opens', () => {
  it('opens the onboarding guide for an admin whose brand has not finished it', async () => {
    mockApi(() => ({ body: tenant(null) }));
    renderAs(at, ADMIN, '/');
    expect(await screen.findByText('onboarding')).toBeInTheDocument();
  });

  it('opens the dashboard once the brand is onboarded, and for staff without asking', async () => {
    mockApi(() => ({ body: tenant('2026-11-30T09:00:00Z') }));
    renderAs(at, ADMIN, '/');
    expect(await screen.findByText('dashboard')).toBeInTheDocument();

    const calls = mockApi(() => ({ body: tenant(null) }));
    renderAs(at, STAFF, '/');
    expect((await screen.findAllByText('dashboard')).length).toBeGreaterThan(0);
    expect(calls).toHaveLength(0);
  });

  it('leads the platform operator to the tenants', async () => {
    const calls = mockApi(() => ({ body: tenant(null) }));
    renderAs(at, { subject: 'op', name: 'Operator', roles: ['platform-operator'] }, '/');
    expect(await screen.findByText('tenants')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
