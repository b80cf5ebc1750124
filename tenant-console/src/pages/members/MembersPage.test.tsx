import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import MembersPage from './MembersPage';

const member = {
  id: 'm-1', externalId: 'bella-baby-c-001', audience: 'CONSUMER', status: 'FROZEN', displayName: '小贝', mobile: '13800000000',
  createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
};

describe('the members list', () => {
  it('lists a page with its total, links each member to its detail, and searches by a whole mobile number', async () => {
    const calls = mockApi(() => ({ body: { items: [member], page: 0, size: 20, totalItems: 1, totalPages: 1 } }));
    renderAs(<MembersPage />);
    const link = await screen.findByRole('link', { name: 'bella-baby-c-001' });
    expect(link).toHaveAttribute('href', '/members/m-1');
    expect(screen.getAllByText('已冻结').length).toBeGreaterThan(0);
    expect(calls[0].url).toBe('/api/v1/members?page=0&size=20');

    fireEvent.change(screen.getByLabelText('手机号'), { target: { value: '13800000000' } });
    await userEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/members?page=0&size=20&mobile=13800000000'));
    // Ant Design under jsdom on a busy machine takes its time.
  }, 180_000);
});
