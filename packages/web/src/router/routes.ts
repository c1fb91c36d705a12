/** The shell's routes: path, who may open it, and the page module (loaded on first visit). */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Account } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { useLocation } from './router.ts';

/** Who may open a route. */
export type Access = 'public' | 'logged_in' | 'staff' | 'admin';

/** One route of the shell. */
export interface RouteDef {
  path: string;
  access: Access;
  title: MessageKey;
  page: LazyExoticComponent<ComponentType>;
}

/** Paths of the shell. */
export const PATHS = {
  home: '/',
  login: '/login',
  idCheck: '/tools/id-check',
  calendar: '/tools/calendar',
  regions: '/tools/regions',
  audit: '/admin/audit',
  matters: '/matters',
  matter: '/matters/:code',
  cases: '/cases',
  case: '/cases/:caseNumber',
  inbox: '/inbox',
  progress: '/progress',
  newborn: '/newborn',
  bundle: '/bundles/:bundleNumber',
} as const;

/** A path with its `:name` segments filled, e.g. `pathTo(PATHS.case, { caseNumber })`. */
export function pathTo(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (m, k: string) => (k in params ? encodeURIComponent(params[k]!) : m));
}

/** Every route. Tools are public because their API is; the home page and audit need an account. */
export const ROUTES: readonly RouteDef[] = [
  {
    path: PATHS.home,
    access: 'logged_in',
    title: 'nav.home',
    page: lazy(() => import('../pages/HomePage.tsx').then((m) => ({ default: m.HomePage }))),
  },
  {
    path: PATHS.login,
    access: 'public',
    title: 'nav.login',
    page: lazy(() => import('../pages/LoginPage.tsx').then((m) => ({ default: m.LoginPage }))),
  },
  {
    path: PATHS.idCheck,
    access: 'public',
    title: 'tool.idCheck',
    page: lazy(() => import('../pages/IdCheckPage.tsx').then((m) => ({ default: m.IdCheckPage }))),
  },
  {
    path: PATHS.calendar,
    access: 'public',
    title: 'tool.calendar',
    page: lazy(() => import('../pages/CalendarPage.tsx').then((m) => ({ default: m.CalendarPage }))),
  },
  {
    path: PATHS.regions,
    access: 'public',
    title: 'tool.regions',
    page: lazy(() => import('../pages/RegionsPage.tsx').then((m) => ({ default: m.RegionsPage }))),
  },
  {
    path: PATHS.audit,
    access: 'admin',
    title: 'tool.audit',
    page: lazy(() => import('../pages/AuditPage.tsx').then((m) => ({ default: m.AuditPage }))),
  },
  {
    path: PATHS.matters,
    access: 'public',
    title: 'tool.matters',
    page: lazy(() => import('../pages/MattersPage.tsx').then((m) => ({ default: m.MattersPage }))),
  },
  {
    path: PATHS.matter,
    access: 'public',
    title: 'guide.title',
    page: lazy(() => import('../pages/MatterPage.tsx').then((m) => ({ default: m.MatterPage }))),
  },
  {
    path: PATHS.cases,
    access: 'logged_in',
    title: 'tool.cases',
    page: lazy(() => import('../pages/CasesPage.tsx').then((m) => ({ default: m.CasesPage }))),
  },
  {
    path: PATHS.case,
    access: 'logged_in',
    title: 'case.title',
    page: lazy(() => import('../pages/CasePage.tsx').then((m) => ({ default: m.CasePage }))),
  },
  {
    path: PATHS.inbox,
    access: 'staff',
    title: 'tool.inbox',
    page: lazy(() => import('../pages/InboxPage.tsx').then((m) => ({ default: m.InboxPage }))),
  },
  {
    path: PATHS.newborn,
    access: 'logged_in',
    title: 'tool.newborn',
    page: lazy(() => import('../pages/NewbornPage.tsx').then((m) => ({ default: m.NewbornPage }))),
  },
  {
    path: PATHS.bundle,
    access: 'logged_in',
    title: 'bundle.progress',
    page: lazy(() => import('../pages/BundlePage.tsx').then((m) => ({ default: m.BundlePage }))),
  },
  {
    path: PATHS.progress,
    access: 'public',
    title: 'tool.progress',
    page: lazy(() => import('../pages/ProgressPage.tsx').then((m) => ({ default: m.ProgressPage }))),
  },
];

/** Fills `params` when `pattern` (with `:name` segments) matches `path`. */
function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (!g) return null;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

/** The route for a path (query string ignored) with its path parameters, or undefined. */
export function matchRoute(
  location: string,
): { route: RouteDef; params: Record<string, string> } | undefined {
  const path = location.split('?')[0]!.replace(/\/+$/, '') || '/';
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

/** The route for a path (query string ignored), or undefined. */
export function findRoute(location: string): RouteDef | undefined {
  return matchRoute(location)?.route;
}

/** The `:name` parameters of the current path. */
export function useRouteParams(): Record<string, string> {
  return matchRoute(useLocation())?.params ?? {};
}

/** A query-string parameter of the current location. */
export function useQueryParam(name: string): string | null {
  const location = useLocation();
  const q = location.indexOf('?');
  return q < 0 ? null : new URLSearchParams(location.slice(q)).get(name);
}

/** Whether `account` may open `route`. */
export function mayOpen(route: RouteDef, account: Account | null): boolean {
  if (route.access === 'public') return true;
  if (!account) return false;
  if (route.access === 'staff') return account.kind === 'staff';
  return route.access === 'logged_in' || account.kind === 'admin';
}
