import { render, screen } from '@testing-library/react';
import type { User, UserManager } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { describe, expect, it } from 'vitest';

import { api } from '../api/client';
import { mockApi } from '../test/render';
import { AuthProvider } from './AuthProvider';

function CallsAtOnce() {
  const [done, setDone] = useState(false);
  useEffect(() => {
    void api('/api/v1/tenant').then(() => setDone(true));
  }, []);
  return done ? <span>called</span> : null;
}

describe('the sign-in held by the console', () => {
  it('gives the token to a request a page makes as it first mounts', async () => {
    const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const token = `${part({ alg: 'none' })}.${part({ sub: 'u-1', name: 'Admin', tenant_id: 't-1', realm_access: { roles: ['tenant-admin'] } })}.sig`;
    const user = { access_token: token, expired: false } as unknown as User;
    const events = { addUserLoaded: () => {}, addUserUnloaded: () => {}, addSilentRenewError: () => {}, removeUserLoaded: () => {}, removeUserUnloaded: () => {}, removeSilentRenewError: () => {} };
    const manager = { events, getUser: async () => user } as unknown as UserManager;
    const calls = mockApi(() => ({ body: {} }));

    render(<AuthProvider manager={manager} initialUser={user}><CallsAtOnce /></AuthProvider>);

    expect(await screen.findByText('called')).toBeInTheDocument();
    expect(calls[0].headers.Authorization).toBe(`Bearer ${token}`);
  });
});
