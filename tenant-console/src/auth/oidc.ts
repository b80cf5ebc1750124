import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

import type { ConsoleConfig } from '../config';

/** The console's base URL (http://host:port/console/): redirects come back below it. */
export function consoleBase(): string {
  return window.location.origin + import.meta.env.BASE_URL;
}

/**
 * Authorization code with PKCE (S256) against the realm; never the password grant. The tokens stay in this tab
 * (sessionStorage, gone with the tab) and are refreshed with the refresh token before they expire.
 */
export function userManager(config: ConsoleConfig): UserManager {
  const store = new WebStorageStateStore({ store: window.sessionStorage });
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${consoleBase()}callback`,
    post_logout_redirect_uri: consoleBase(),
    response_type: 'code',
    scope: 'openid',
    userStore: store,
    stateStore: store,
    automaticSilentRenew: true,
    monitorSession: false,
  });
}
