import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { GrantUpload } from './BudgetsPage';

describe('a bulk grant from a budget', () => {
  it('shows every bad line of a refused file, then grants the fixed one with a movement id and the reason', async () => {
    let attempt = 0;
    const calls = mockApi(() => {
      attempt += 1;
      return attempt === 1
        ? { status: 400, body: { title: 'Invalid', detail: 'The file has 1 bad line', errors: [{ line: 3, field: 'points', message: 'a whole number above 0' }] } }
        : { status: 201, body: { id: 'grant-1', budget: 'welfare', kind: 'GRANT', points: 300, lines: 2, remaining: 9700 } };
    });
    const done = vi.fn();
    const { container } = renderAs(<GrantUpload code="welfare" onDone={done} />);
    await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement,
      new File(['external_id,points\ne-1,100\ne-2,-5\n'], 'grant.csv', { type: 'text/csv' }));
    await userEvent.type(screen.getByLabelText('原因'), '十一月福利');
    await userEvent.click(screen.getByRole('button', { name: /批量发放/ }));
    expect(await screen.findByText('a whole number above 0')).toBeInTheDocument();
    expect(done).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: /批量发放/ }));
    await waitFor(() => expect(done).toHaveBeenCalledWith(expect.objectContaining({ lines: 2 })));
    const [first, second] = calls;
    expect(second.url).toMatch(/^\/api\/v1\/earning\/budgets\/welfare\/grants\?id=grant-[0-9a-f-]+&reason=%E5%8D%81/);
    // A retry of the same grant carries the same movement id, so the budget counts it once.
    expect(new URL(first.url, 'http://x').searchParams.get('id')).toBe(new URL(second.url, 'http://x').searchParams.get('id'));
    expect(second.headers['Content-Type']).toBe('text/csv; charset=utf-8');
  }, 120_000);
});
