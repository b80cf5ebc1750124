import type { User, UserManager } from 'oidc-client-ts';
import { type ReactNode, useLayoutEffect, useMemo, useState } from 'react';

import { setTokenSource } from '../api/client';
import { AuthContext, type Auth } from './AuthContext';
import { accessOf, sessionOf } from './claims';

interface Props {
  manager: UserManager;
  initialUser: User | null;
  children: ReactNode;
}

/** Holds the signed-in user, hands its access token to the API client and follows refreshes and sign-outs. */
export function AuthProvider({ manager, initialUser, children }: Props) {
  const [user, setUser] = useState<User | null>(initialUser);

  // A layout effect: it runs before any child's effects, so a page that calls the API as it mounts (the console's
  // home asks for the tenant at once) already sends the token; children's effects run before their parents' own.
  useLayoutEffect(() => {
    const loaded = (next: User) => setUser(next);
    const gone = () => setUser(null);
    manager.events.addUserLoaded(loaded);
    manager.events.addUserUnloaded(gone);
    manager.events.addSilentRenewError(gone);
    setTokenSource(async () => {
      const current = await manager.getUser();
      if (current && current.expired) {
        try {
          return (await manager.signinSilent())?.access_token;
        } catch {
          return undefined;
        }
      }
      return current?.access_token;
    });
    return () => {
      manager.events.removeUserLoaded(loaded);
      manager.events.removeUserUnloaded(gone);
      manager.events.removeSilentRenewError(gone);
    };
  }, [manager]);

  const auth = useMemo<Auth>(() => {
    const session = user && !user.expired ? sessionOf(user.access_token) : undefined;
    return {
      session,
      access: accessOf(session),
      signIn: () => void manager.signinRedirect({ state: { returnTo: currentPath() } }),
      signOut: () => void manager.signoutRedirect({ id_token_hint: user?.id_token }).catch(() => manager.removeUser()),
    };
  }, [manager, user]);

  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function currentPath(): string {
  return window.location.pathname + window.location.search;
}
