import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import DashboardPage from './DashboardPage';
import type { Dashboard } from './types';

function dashboard(days: number): Dashboard {
  const daily = Array.from({ length: days }, (_, i) => ({
    day: `2026-11-${String(30 - days + 1 + i).padStart(2, '0')}`,
    issued: i === days - 1 ? 13_000 : 0, redeemed: i === days - 1 ? 7_000 : 0, expired: 0,
    issuedFen: i === days - 1 ? 13_000 : 0, redeemedFen: i === days - 1 ? 7_000 : 0, expiredFen: 0,
  }));
  return {
    from: daily[0].day, to: '2026-11-30', currency: 'CNY',
    totals: { issued: 13_000, redeemed: 7_000, expired: 0, outstanding: 6_000, issuedFen: 13_000, redeemedFen: 7_000, expiredFen: 0, outstandingFen: 6_000 },
    daily,
    membersByTier: { '': 2, gold: 1 },
    membersBySegment: {},
    topItems: [{ item: 'item:1', title: '茶叶礼盒', orders: 2, quantity: 2, points: 2_000, cashFen: 0 }],
  };
}

describe('the dashboard', () => {
  it('shows the points of the period with their value, the daily chart, members by tier and the most redeemed items, and switches the period', async () => {
    const calls = mockApi((call) => {
      if (call.url.startsWith('/api/v1/insights/dashboard')) {
        return { body: dashboard(Number(new URL(call.url, 'http://x').searchParams.get('days'))) };
      }
      if (call.url.startsWith('/api/v1/members')) {
        return { body: { items: [], page: 0, size: 1, totalItems: 3, totalPages: 3 } };
      }
      return { body: { items: [] } };
    });
    renderAs(<DashboardPage />);

    expect(await screen.findByText('茶叶礼盒')).toBeInTheDocument();
    expect(screen.getByText('13,000')).toBeInTheDocument();
    expect(screen.getByText('¥60.00')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /发放 13000，核销 7000/ })).toBeInTheDocument();
    expect(screen.getByTestId('bar-2026-11-30-issued')).toBeInTheDocument();
    expect(screen.getByText('未达等级')).toBeInTheDocument();
    expect(screen.getByText('尚未计算分层（每晚运行）')).toBeInTheDocument();
    expect(calls.some((c) => c.url === '/api/v1/insights/dashboard?days=30')).toBe(true);

    await userEvent.click(screen.getByText('近 7 天'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/insights/dashboard?days=7'));
    await waitFor(() => expect(screen.getByTestId('bar-2026-11-24-issued')).toBeInTheDocument());
  }, 120_000);
});
