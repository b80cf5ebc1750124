import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import type { Tenant } from '../../api/types';
import { type Call, mockApi, renderAs } from '../../test/render';
import OnboardingPage from './OnboardingPage';

const tenant: Tenant = {
  id: 't-1', slug: 'bella-baby', name: '贝拉母婴', status: 'ACTIVE', timeZone: 'Asia/Shanghai', currency: 'CNY', locale: 'zh-CN', logoUrl: null,
  primaryColor: null, accentColor: null, onboardedAt: null, createdAt: '2026-11-01T00:00:00Z',
};
const pointType = {
  id: 'p-1', code: 'default', name: '积分', anchorPoints: 100, anchorAmountMinor: 100, currency: 'CNY', expiryPolicy: 'NEVER',
  expiryMonths: 0, expiryYears: 0, expiryReminderDays: 30, transferDailyLimit: 0, loanLimit: 0, clawbackPolicy: 'NEGATIVE', pendingDays: 0,
  createdAt: '2026-11-01T00:00:00Z',
};
const templates = [{ industry: 'beauty', name: '美妆', description: '会员等级与复购', rules: 4, tiers: 3, tasks: 2, zones: 1 }];

function api(call: Call) {
  if (call.method === 'GET' && call.url === '/api/v1/tenant') return { body: tenant };
  if (call.method === 'GET' && call.url === '/api/v1/point-types') return { body: [pointType] };
  if (call.method === 'GET' && call.url === '/api/v1/industry-templates') return { body: templates };
  if (call.method === 'PATCH' && call.url === '/api/v1/point-types/p-1') return { body: { ...pointType, ...(call.body as object) } };
  if (call.method === 'PATCH' && call.url === '/api/v1/tenant') return { body: { ...tenant, ...(call.body as object) } };
  if (call.method === 'POST' && call.url === '/api/v1/tenant/admins') {
    const email = (call.body as { email: string }).email;
    return email.endsWith('@other.example.com')
      ? { status: 409, body: { title: 'Conflict', detail: 'The address belongs to another brand', errors: [{ field: 'email', message: 'belongs to another brand' }] } }
      : { status: 201, body: { userId: 'u-9', email, roles: ['tenant-admin'], emailVerified: false, pendingActions: ['VERIFY_EMAIL'] } };
  }
  if (call.method === 'PUT' && call.url === '/api/v1/tenant/onboarding') return { body: { ...tenant, onboardedAt: '2026-11-30T09:00:00Z' } };
  return { status: 404, body: { title: 'Not found', detail: call.url, errors: [] } };
}

const page = (
  <Routes>
    <Route path="/onboarding" element={<OnboardingPage />} />
    <Route path="/dashboard" element={<div>the dashboard</div>} />
  </Routes>
);

describe('the onboarding guide', () => {
  it('walks a new brand through expiry, branding and an invitation to going live, skipping the template, and records the finish', async () => {
    const calls = mockApi(api);
    renderAs(page, undefined, '/onboarding');
    expect(await screen.findByText('4 条规则 · 3 个等级 · 2 个任务 · 1 个专区')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: '跳过此步' }));
    expect(await screen.findByTestId('point-value')).toHaveTextContent('100 积分 = ¥1.00');
    await userEvent.click(screen.getByLabelText('过期方式'));
    await userEvent.click(await screen.findByTitle('获得后按月滚动'));
    await userEvent.type(screen.getByLabelText('过期月数'), '24');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH' && call.url === '/api/v1/point-types/p-1')).toBe(true));
    expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ expiryPolicy: 'ROLLING_MONTHS', expiryMonths: 24 });

    // Saving moves on: branding, previewed before it is saved.
    const bar = await screen.findByTestId('preview-bar');
    expect(bar).toHaveTextContent('贝拉母婴');
    await userEvent.type(screen.getAllByPlaceholderText(/默认/)[0], '#1E88E5');
    await waitFor(() => expect(bar).toHaveStyle({ background: 'rgb(30, 136, 229)' }));
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH' && call.url === '/api/v1/tenant')).toBe(true));

    // Invitations: a refusal at its field, then one that goes out; the step can be left once done.
    const email = await screen.findByLabelText('邮箱');
    await userEvent.type(email, 'x@other.example.com');
    await userEvent.click(screen.getByRole('button', { name: /邀请成员/ }));
    expect(await screen.findByText('belongs to another brand')).toBeInTheDocument();
    await userEvent.clear(email);
    await userEvent.type(email, 'li@bella.example.com');
    await userEvent.click(screen.getByRole('button', { name: /邀请成员/ }));
    expect(await screen.findByText('本次已邀请：li@bella.example.com')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /下一步/ }));

    expect(await screen.findByText('您的积分商城已上线')).toBeInTheDocument();
    expect(screen.getByText(/\/m\/bella-baby\//)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /打开商城/ })).toHaveAttribute('href', `${window.location.origin}/m/bella-baby/`);
    expect(calls.some((call) => call.method === 'PUT')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: /完成，进入控制台/ }));
    expect(await screen.findByText('the dashboard')).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'PUT').map((call) => call.url)).toEqual(['/api/v1/tenant/onboarding']);
  }, 300_000);

  it('lets the admin skip the whole guide, which counts as finished', async () => {
    const calls = mockApi(api);
    renderAs(page, undefined, '/onboarding');
    await userEvent.click(await screen.findByRole('button', { name: /跳过向导/ }));
    expect(await screen.findByText('the dashboard')).toBeInTheDocument();
    expect(calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.url}`)).toEqual(['PUT /api/v1/tenant/onboarding']);
  }, 120_000);
});
