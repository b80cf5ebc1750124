import { Result, Spin } from 'antd';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { Route, Routes } from 'react-router-dom';

import { useAuth } from './auth/AuthContext';
import { useI18n } from './i18n/I18nContext';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { Home } from './layout/Home';
import { pages } from './routes';

const SignupPage = lazy(() => import('./pages/signup/SignupPage'));

const loading = <Spin style={{ display: 'block', margin: '96px auto' }} />;

/** The pages behind sign-in inside the frame; the sign-up wizard outside it, for anyone. */
export function App() {
  const { session, access } = useAuth();
  const { t } = useI18n();
  return (
    <Routes>
      <Route path="/signup" element={<Suspense fallback={loading}><SignupPage /></Suspense>} />
      <Route
        path="*"
        element={
          session ? (
            <ConsoleLayout>
              <Suspense fallback={loading}>
                <Routes>
                  <Route path="/" element={<Home />} />
                  {pages().map((route) => {
                    const Page = route.page!;
                    return (
                      <Route
                        key={route.path}
                        path={route.path}
                        element={access[route.access] ? <Page /> : <Result status="403" title="403" subTitle={t('app.noAccess')} />}
                      />
                    );
                  })}
                  <Route path="*" element={<Result status="404" title="404" subTitle={t('app.notFound')} />} />
                </Routes>
              </Suspense>
            </ConsoleLayout>
          ) : (
            <SignIn />
          )
        }
      />
    </Routes>
  );
}

function SignIn() {
  const { signIn } = useAuth();
  const { t } = useI18n();
  const started = useRef(false);
  useEffect(() => {
    // Not signed in (or the session ended): off to the realm's login page, once.
    if (!started.current) {
      started.current = true;
      signIn();
    }
  }, [signIn]);
  return <Result icon={<Spin />} title={t('app.signingIn')} />;
}
