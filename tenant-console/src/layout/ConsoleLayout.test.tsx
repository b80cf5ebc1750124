import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, describe, expect, it } from 'vitest';

import { allowed, routes } from '../routes';
import { ADMIN, renderAs, STAFF } from '../test/render';
import { ConsoleLayout } from './ConsoleLayout';

describe('the console frame', () => {
  // ProLayout's menu sets its collapsed state in a 400 ms timer that unmounting does not clear: let the timers fire while
  // this file's window still exists (one that fired after it was torn down failed the run with "window is not defined").
  afterAll(() => new Promise((resolve) => setTimeout(resolve, 500)));

  it('shows an admin every menu entry, in Chinese by default', async () => {
    renderAs(<ConsoleLayout>page</ConsoleLayout>, ADMIN, '/dashboard');
    expect(await screen.findByText('会员')).toBeInTheDocument();
    expect(screen.getByText('积分规则')).toBeInTheDocument();
    expect(screen.getByText('设置')).toBeInTheDocument();
  });

  it('hides the settings from staff (the API refuses them anyway)', async () => {
    renderAs(<ConsoleLayout>page</ConsoleLayout>, STAFF, '/dashboard');
    expect(await screen.findByText('会员')).toBeInTheDocument();
    expect(screen.queryByText('设置')).not.toBeInTheDocument();
  });

  it('switches to English', async () => {
    renderAs(<ConsoleLayout>page</ConsoleLayout>, ADMIN, '/dashboard');
    await userEvent.click(await screen.findByRole('button', { name: /English/ }));
    expect(await screen.findByText('Members')).toBeInTheDocument();
    expect(screen.getByText('Settings')).toBeInTheDocument();
    window.localStorage.clear();
  });

  it('keeps from the menu whatever a role may not open, children included', () => {
    const staffMenu = allowed(routes, { canRead: true, canAdmin: false });
    expect(staffMenu.map((r) => r.path)).not.toContain('/settings');
    expect(allowed(routes, { canRead: false, canAdmin: false })).toEqual([]);
  });
});
