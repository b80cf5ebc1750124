import { Button, Result } from 'antd';
import type { User } from 'oidc-client-ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';

import { App } from './App';
import { AuthProvider } from './auth/AuthProvider';
import { userManager } from './auth/oidc';
import { loadConfig } from './config';
import { I18nProvider } from './i18n/I18nProvider';

const root = createRoot(document.getElementById('root')!);
const base = import.meta.env.BASE_URL.replace(/\/$/, '');

async function start() {
  const config = await loadConfig();
  const manager = userManager(config);
  let user: User | null;
  if (window.location.pathname === `${base}/callback`) {
    // Back from the realm's login page: trade the code (and the PKCE verifier kept in this tab) for tokens.
    user = await manager.signinRedirectCallback();
    const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo;
    window.history.replaceState(null, '', returnTo && returnTo.startsWith(`${base}/`) && !returnTo.startsWith(`${base}/callback`) ? returnTo : `${base}/`);
  } else {
    user = await manager.getUser();
    if (user?.expired) {
      user = await manager.signinSilent().catch(() => null);
    }
  }
  root.render(
    <StrictMode>
      <I18nProvider>
        <AuthProvider manager={manager} initialUser={user}>
          <BrowserRouter basename={base}>
            <App />
          </BrowserRouter>
        </AuthProvider>
      </I18nProvider>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  root.render(
    <Result
      status="error"
      title="控制台无法启动 / The console could not start"
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={<Button onClick={() => window.location.assign(`${base}/`)}>重试 / Retry</Button>}
    />,
  );
});
