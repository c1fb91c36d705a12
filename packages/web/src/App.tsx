/**
 * The shell: providers, the top bar, and the page for the current path. Pages load on first visit
 * (React.lazy), so the first screen only downloads the shell and the page it shows.
 */
import { Alert, App as AntApp, Layout, Spin } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import { AppHeader } from './components/AppHeader.tsx';
import { LocaleProvider } from './i18n/LocaleProvider.tsx';
import { useI18n } from './i18n/useI18n.ts';
import { navigate, useLocation } from './router/router.ts';
import { findRoute, mayOpen, PATHS } from './router/routes.ts';
import { SessionProvider } from './session/SessionProvider.tsx';
import { useSession } from './session/useSession.ts';

const LoginPage = lazy(() => import('./pages/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const NotFoundPage = lazy(() =>
  import('./pages/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })),
);

function PageLoading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description={t('app.loading')} />
    </div>
  );
}

function CurrentPage() {
  const location = useLocation();
  const { status, account } = useSession();
  const { t } = useI18n();
  const route = findRoute(location);

  useEffect(() => {
    if (route?.path === PATHS.login && status === 'authenticated') navigate(PATHS.home, { replace: true });
  }, [route, status]);
  useEffect(() => {
    document.title = route ? `${t(route.title)} - ${t('app.name')}` : t('app.name');
  }, [route, t]);

  if (status === 'loading') return <PageLoading />;
  if (!route) return <NotFoundPage />;
  if (!mayOpen(route, account)) {
    if (!account) return <LoginPage notice={route.path === PATHS.home ? undefined : t('login.required')} />;
    return (
      <Alert
        type="warning"
        showIcon
        title={t(route.access === 'staff' ? 'inbox.staffOnly' : 'audit.adminOnly')}
      />
    );
  }
  const Page = route.page;
  return <Page />;
}

function Shell() {
  const { t } = useI18n();
  return (
    <Layout className="app">
      <AppHeader />
      <Layout.Content className="app-content">
        <main className="container">
          <Suspense fallback={<PageLoading />}>
            <CurrentPage />
          </Suspense>
        </main>
      </Layout.Content>
      <Layout.Footer className="app-footer">
        {t('app.footer')} ·{' '}
        <a href="/docs" target="_blank" rel="noopener">
          {t('nav.docs')}
        </a>
      </Layout.Footer>
    </Layout>
  );
}

/** The whole web shell. */
export function App() {
  return (
    <LocaleProvider>
      <AntApp>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </AntApp>
    </LocaleProvider>
  );
}
