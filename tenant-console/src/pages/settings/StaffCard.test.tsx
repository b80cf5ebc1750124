import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { ADMIN, mockApi, renderAs } from '../../test/render';
import { InviteForm, StaffCard } from './StaffCard';

describe('staff and roles', () => {
  it('invites with the chosen role and shows a refused address at the e-mail field', async () => {
    const calls = mockApi((call) =>
      (call.body as { email: string }).email === 'taken@bella.cn'
        ? { status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'email', message: 'belongs to another organization' }] } }
        : { status: 201, body: { userId: 'u-9', email: 'li@bella.cn', roles: ['tenant-admin'], emailVerified: false, pendingActions: ['VERIFY_EMAIL'] } },
    );
    const invited = vi.fn();
    renderAs(<InviteForm onInvited={invited} />);
    await userEvent.type(screen.getByLabelText('邮箱'), 'taken@bella.cn');
    await userEvent.click(screen.getByRole('button', { name: /邀请成员/ }));
    expect(await screen.findByText('belongs to another organization')).toBeInTheDocument();
    expect(invited).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByLabelText('邮箱'));
    await userEvent.type(screen.getByLabelText('邮箱'), 'li@bella.cn');
    await userEvent.click(screen.getByLabelText('角色'));
    await userEvent.click(await screen.findByText('管理员'));
    await userEvent.click(screen.getByRole('button', { name: /邀请成员/ }));
    await waitFor(() => expect(invited).toHaveBeenCalled());
    expect(calls.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/tenant/admins', body: { email: 'li@bella.cn', role: 'tenant-admin' } });
  }, 120_000);

  it('lists the people, marks who has not signed in yet, and removes one but never the signed-in admin', async () => {
    const people = [
      { userId: ADMIN.subject, email: 'me@bella.cn', roles: ['tenant-admin'], emailVerified: true, pendingActions: [] },
      { userId: 'u-7', email: 'staff@bella.cn', roles: ['tenant-staff'], emailVerified: false, pendingActions: ['UPDATE_PASSWORD'] },
    ];
    const calls = mockApi((call) => (call.method === 'DELETE' ? { status: 204 } : { body: people }));
    renderAs(<StaffCard />);
    expect(await screen.findByText('staff@bella.cn')).toBeInTheDocument();
    expect(screen.getByText('待首次登录')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /移\s*除/ })).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: /移\s*除/ }));
    await userEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'DELETE' && call.url === '/api/v1/tenant/admins/u-7')).toBe(true));
  }, 120_000);
});
