/** The shell's routes: path, who may open it, and the page module (loaded on first visit). */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Account } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages.ts';

/** Who may open a route. */
export type Access = 'public' | 'logged_in' | 'admin';

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
} as const;

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
];

/** The route for a path (query string ignored), or undefined. */
export function findRoute(location: string): RouteDef | undefined {
  const path = location.split('?')[0]!.replace(/\/+$/, '') || '/';
  return ROUTES.find((r) => r.path === path);
}

/** Whether `account` may open `route`. */
export function mayOpen(route: RouteDef, account: Account | null): boolean {
  if (route.access === 'public') return true;
  if (!account) return false;
  return route.access === 'logged_in' || account.kind === 'admin';
}
