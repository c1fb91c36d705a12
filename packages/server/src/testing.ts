/**
 * API test harness: the real app (all plugins and routes) on a fresh database per driver, with demo data,
 * a controllable clock, and helpers to log in and call routes with `app.inject()`.
 */

import { describeEachDatabase, type TestDatabase } from '@renshe/db/testing.ts';
import type { Clock } from '@renshe/domain/dates.ts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from './app.ts';
import { TEST_SCRYPT } from './auth/password.ts';
import type { AppDeps } from './context.ts';
import { DEMO_PASSWORD, loadDemoData } from './demo-data.ts';
import { buildDeps } from './deps.ts';

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private t = new Date('2026-11-23T02:00:00Z')) {}
  now(): Date {
    return new Date(this.t.getTime());
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
  set(at: Date): void {
    this.t = new Date(at.getTime());
  }
}

/** What a test body gets. */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly deps: AppDeps;
  readonly clock: TestClock;
  readonly db: TestDatabase;
  /** Logs in and returns the Cookie header value. */
  login(loginName: string, password?: string): Promise<string>;
  /** Injects a request, optionally as a logged-in cookie. */
  call(opts: InjectOptions & { cookie?: string }): Promise<LightMyRequestResponse>;
}

/** Declares `body` for each database driver with a ready app. */
export function describeEachApp(
  title: string,
  body: (t: TestApp) => void,
  /** Adapters for this suite, made afresh for each database run. */
  adapters: () => Pick<
    Parameters<typeof buildDeps>[0],
    'registries' | 'agencies' | 'sharedData' | 'auditCheckpoints'
  > = () => ({}),
): void {
  describeEachDatabase(title, (db) => {
    let app: FastifyInstance | undefined;
    let deps: AppDeps | undefined;
    const clock = new TestClock();
    beforeAll(async () => {
      deps = await buildDeps({
        db: db.handle.db,
        clock,
        config: { sessionTtlHours: 12, cookieSecure: false, scrypt: TEST_SCRYPT },
        ...adapters(),
      });
      await loadDemoData(deps);
      app = await buildApp({ deps, logLevel: 'silent' });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
    });
    const t: TestApp = {
      get app() {
        if (!app) throw new Error('app not ready');
        return app;
      },
      get deps() {
        if (!deps) throw new Error('app not ready');
        return deps;
      },
      clock,
      db,
      async login(loginName, password = DEMO_PASSWORD) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { loginName, password },
        });
        if (res.statusCode !== 200)
          throw new Error(`login ${loginName} failed: ${res.statusCode} ${res.body}`);
        const cookie = res.cookies.find((c) => c.name === 'renshe_session');
        if (!cookie) throw new Error('no session cookie');
        return `renshe_session=${cookie.value}`;
      },
      call({ cookie, ...opts }) {
        return t.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), ...(cookie ? { cookie } : {}) } });
      },
    };
    body(t);
  });
}

/** Takes an action on a case as `who` and expects it to succeed; returns the new view. */
export async function actOnCase(
  t: TestApp,
  who: string,
  caseNumber: string,
  payload: Record<string, unknown>,
) {
  const res = await t.call({
    method: 'POST',
    url: `/api/v1/cases/${caseNumber}/actions`,
    cookie: await t.login(who),
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A case as `who` sees it (expects 200). */
export async function viewCase(t: TestApp, who: string, caseNumber: string) {
  const res = await t.call({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, cookie: await t.login(who) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A 个人参保登记 filed in 太原小店区 by `loginName` with every material; returns its case number. */
export async function filePersonalRegistration(t: TestApp, loginName: string): Promise<string> {
  const res = await t.call({
    method: 'POST',
    url: '/api/v1/cases',
    cookie: await t.login(loginName),
    payload: {
      matter: 'personal-insurance-registration',
      regionCode: '140105',
      materials: ['registration_form', 'locality_proof'],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().caseNumber;
}
