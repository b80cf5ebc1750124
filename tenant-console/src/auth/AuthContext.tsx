import { createContext, useContext } from 'react';

import type { Access, Session } from './claims';

export interface Auth {
  session?: Session;
  access: Access;
  signIn: () => void;
  signOut: () => void;
}

export const AuthContext = createContext<Auth>({
  access: { canRead: false, canAdmin: false, canOperate: false, canAudit: false },
  signIn: () => undefined,
  signOut: () => undefined,
});

export function useAuth(): Auth {
  return useContext(AuthContext);
}
