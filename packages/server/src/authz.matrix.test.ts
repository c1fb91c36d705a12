/**
 * Authorisation matrix: every API route × every kind of actor, with the expected outcome. The test fails
 * when a route exists that the matrix does not list, so no route escapes the check.
 */
import { findAccountByLogin } from '@renshe/db';
import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { registeredRoutes } from './plugins/authz.ts';
import { describeEachApp } from './testing.ts';

const ACTORS = [
  'anonymous',
  'citizenA',
  'citizenB',
  'employer',
  'staffTy',
  'staffJn',
  'supervisorTy',
  'admin',
] as const;
type ActorName = (typeof ACTORS)[number];
const LOGIN: Record<Exclude<ActorName, 'anonymous'>, string> = {
  citizenA: DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName,
  citizenB: DEMO_ACCOUNTS.find((a) => a.displayName === '刘芳')!.loginName,
  employer: DEMO_ACCOUNTS.find((a) => a.kind === 'employer')!.loginName,
  staffTy: 'ty_gs',
  staffJn: 'jn_gs',
  supervisorTy: 'ty_kz',
  admin: 'admin',
};

/** `hidden`: 404 *_NOT_FOUND, the answer for a case or bundle that does not exist (citizens and employers). */
type Outcome = 'allow' | 401 | 403 | 'hidden';
const everyone = (o: Outcome) => Object.fromEntries(ACTORS.map((a) => [a, o])) as Record<ActorName, Outcome>;
const loggedIn: Record<ActorName, Outcome> = { ...everyone('allow'), anonymous: 401 };
/** The applicant, Taiyuan staff of the handling department (and its parent), and admins. */
const ownerOrTaiyuanStaff: Record<ActorName, Outcome> = {
  anonymous: 401,
  citizenA: 'allow',
  citizenB: 403,
  employer: 403,
  staffTy: 'allow',
  staffJn: 403,
  supervisorTy: 'allow',
  admin: 'allow',
};
/** A case: as above, but other citizens and employers get the answer for a case that does not exist. */
const caseOwnerOrTaiyuanStaff: Record<ActorName, Outcome> = {
  ...ownerOrTaiyuanStaff,
  citizenB: 'hidden',
  employer: 'hidden',
};
/** Handling a case: as a case, but administrators administer and do not handle cases. */
const ownerOrTaiyuanStaffNoAdmin: Record<ActorName, Outcome> = { ...caseOwnerOrTaiyuanStaff, admin: 403 };
/** Follow-up work on a case: the handling staff only (not the applicant, not admins). */
const handlingStaff: Record<ActorName, Outcome> = { ...ownerOrTaiyuanStaffNoAdmin, citizenA: 403 };
/** Citizens only (the newborn's parents apply). */
const citizensOnly: Record<ActorName, Outcome> = {
  ...everyone(403),
  anonymous: 401,
  citizenA: 'allow',
  citizenB: 'allow',
};
const adminOnly: Record<ActorName, Outcome> = { ...everyone(403), anonymous: 401, admin: 'allow' };

interface Row {
  method: string;
  route: string;
  url: (ids: Record<string, string>) => string;
  payload?: unknown;
  fresh?: boolean;
  expect: Record<ActorName, Outcome>;
}

const MATRIX: Row[] = [
  {
    method: 'POST',
    route: '/api/v1/auth/login',
    url: () => '/api/v1/auth/login',
    payload: { loginName: 'nobody', password: 'x' },
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/auth/logout',
    url: () => '/api/v1/auth/logout',
    fresh: true,
    expect: everyone('allow'),
  },
  { method: 'GET', route: '/api/v1/auth/me', url: () => '/api/v1/auth/me', expect: loggedIn },
  {
    method: 'POST',
    route: '/api/v1/auth/password',
    url: () => '/api/v1/auth/password',
    payload: { currentPassword: 'wrong000', newPassword: 'Whatever123' },
    expect: loggedIn,
  },
  {
    method: 'POST',
    route: '/api/v1/auth/register/start',
    url: () => '/api/v1/auth/register/start',
    payload: { idNumber: '1', name: 'x', phone: '1', code: '1', password: 'y', newPassword: 'y' },
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/auth/register/complete',
    url: () => '/api/v1/auth/register/complete',
    payload: { idNumber: '1', name: 'x', phone: '1', code: '1', password: 'y', newPassword: 'y' },
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/auth/password-reset/start',
    url: () => '/api/v1/auth/password-reset/start',
    payload: { idNumber: '1', name: 'x', phone: '1', code: '1', password: 'y', newPassword: 'y' },
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/auth/password-reset/complete',
    url: () => '/api/v1/auth/password-reset/complete',
    payload: { idNumber: '1', name: 'x', phone: '1', code: '1', password: 'y', newPassword: 'y' },
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/regions',
    url: () => '/api/v1/regions?under=140000',
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/regions/:code',
    url: () => '/api/v1/regions/140100',
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/departments',
    url: () => '/api/v1/departments',
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/calendar/days/:date',
    url: () => '/api/v1/calendar/days/2024-02-04',
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/calendar/working-days',
    url: () => '/api/v1/calendar/working-days?from=2024-09-30&days=1',
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/calendar/years',
    url: () => '/api/v1/calendar/years',
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/tools/validate-id',
    url: () => '/api/v1/tools/validate-id',
    payload: { type: 'id_number', value: '11010519491231002X' },
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/persons/:id',
    url: (ids) => `/api/v1/persons/${ids.citizenA}`,
    expect: ownerOrTaiyuanStaff,
  },
  {
    method: 'GET',
    route: '/api/v1/policies/rules',
    url: () => '/api/v1/policies/rules',
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/policies/parameters',
    url: () => '/api/v1/policies/parameters',
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/policies/parameters/:id',
    url: () => '/api/v1/policies/parameters/wi_sx_2023.allowance_floor',
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/calculations/back-pay',
    url: () => '/api/v1/calculations/back-pay',
    payload: {
      rule: 'x',
      region: '140100',
      fromMonth: '2023-01',
      paymentDate: '2023-12-20',
      output: 'x',
      inputs: {},
    },
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/calculations',
    url: () => '/api/v1/calculations',
    payload: { rule: 'x', region: '140100', date: '2023-12-01', inputs: {} },
    expect: everyone('allow'),
  },
  { method: 'GET', route: '/api/v1/matters', url: () => '/api/v1/matters', expect: everyone('allow') },
  {
    method: 'GET',
    route: '/api/v1/matters/:code',
    url: () => '/api/v1/matters/work-injury-recognition',
    expect: everyone('allow'),
  },
  {
    method: 'GET',
    route: '/api/v1/progress',
    url: () => '/api/v1/progress?caseNumber=140100-20261123-000001&idNumber=x',
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/cases',
    url: () => '/api/v1/cases',
    payload: { matter: 'no-such-matter' },
    expect: {
      ...everyone('allow'),
      anonymous: 401,
      staffTy: 403,
      staffJn: 403,
      supervisorTy: 403,
      admin: 403,
    },
  },
  {
    method: 'GET',
    route: '/api/v1/cases',
    url: () => '/api/v1/cases',
    expect: {
      ...everyone('allow'),
      anonymous: 401,
      staffTy: 403,
      staffJn: 403,
      supervisorTy: 403,
      admin: 403,
    },
  },
  {
    method: 'GET',
    route: '/api/v1/cases/:caseNumber',
    url: (ids) => `/api/v1/cases/${ids.caseA}`,
    expect: caseOwnerOrTaiyuanStaff,
  },
  {
    method: 'POST',
    route: '/api/v1/cases/:caseNumber/actions',
    url: (ids) => `/api/v1/cases/${ids.caseA}/actions`,
    payload: { action: 'no_such_action' },
    expect: ownerOrTaiyuanStaffNoAdmin,
  },
  {
    method: 'GET',
    route: '/api/v1/cases/:caseNumber/notices/:seq',
    url: (ids) => `/api/v1/cases/${ids.caseA}/notices/1`,
    expect: caseOwnerOrTaiyuanStaff,
  },
  {
    method: 'GET',
    route: '/api/v1/supervision',
    url: () => '/api/v1/supervision?region=140100',
    expect: { ...everyone(403), anonymous: 401, supervisorTy: 'allow', admin: 'allow' },
  },
  {
    method: 'POST',
    route: '/api/v1/cases/:caseNumber/rating',
    url: (ids) => `/api/v1/cases/${ids.caseA}/rating`,
    payload: { score: 9 },
    expect: { ...everyone(403), anonymous: 401, citizenA: 'allow', citizenB: 'hidden', employer: 'hidden' },
  },
  {
    method: 'POST',
    route: '/api/v1/cases/:caseNumber/rating/follow-up',
    url: (ids) => `/api/v1/cases/${ids.caseA}/rating/follow-up`,
    payload: { note: '' },
    expect: handlingStaff,
  },
  {
    method: 'POST',
    route: '/api/v1/cases/:caseNumber/verification',
    url: (ids) => `/api/v1/cases/${ids.caseA}/verification`,
    payload: { outcome: 'confirmed', note: '' },
    expect: handlingStaff,
  },
  {
    method: 'GET',
    route: '/api/v1/tasks',
    url: () => '/api/v1/tasks',
    expect: {
      ...everyone(403),
      anonymous: 401,
      staffTy: 'allow',
      staffJn: 'allow',
      supervisorTy: 'allow',
      admin: 'allow',
    },
  },
  {
    method: 'GET',
    route: '/api/v1/bundles/:code/guide',
    url: () => '/api/v1/bundles/newborn-birth/guide',
    expect: everyone('allow'),
  },
  {
    method: 'POST',
    route: '/api/v1/bundles/:code/precheck',
    url: () => '/api/v1/bundles/newborn-birth/precheck',
    payload: { form: {} },
    expect: citizensOnly,
  },
  {
    method: 'POST',
    route: '/api/v1/bundles/:code',
    url: () => '/api/v1/bundles/newborn-birth',
    payload: { form: {} },
    expect: citizensOnly,
  },
  {
    method: 'GET',
    route: '/api/v1/bundles',
    url: () => '/api/v1/bundles',
    expect: {
      ...everyone('allow'),
      anonymous: 401,
      staffTy: 403,
      staffJn: 403,
      supervisorTy: 403,
      admin: 403,
    },
  },
  {
    method: 'GET',
    route: '/api/v1/bundles/:bundleNumber',
    url: (ids) => `/api/v1/bundles/${ids.bundleA}`,
    expect: {
      ...everyone(403),
      anonymous: 401,
      citizenA: 'allow',
      citizenB: 'hidden',
      employer: 'hidden',
      admin: 'allow',
    },
  },
  {
    method: 'POST',
    route: '/api/v1/bundles/:bundleNumber/parts/:matter/take-out',
    url: (ids) => `/api/v1/bundles/${ids.bundleA}/parts/no-such-matter/take-out`,
    expect: { ...everyone(403), anonymous: 401, citizenA: 'allow', citizenB: 'hidden', employer: 'hidden' },
  },
  {
    method: 'POST',
    route: '/api/v1/bundle-parts/:caseNumber/confirmation',
    url: (ids) => `/api/v1/bundle-parts/${ids.caseA}/confirmation`,
    payload: { status: 'accepted', ref: 'X-1' },
    expect: {
      ...everyone(403),
      anonymous: 401,
      citizenB: 'hidden',
      employer: 'hidden',
      staffTy: 'allow',
      supervisorTy: 'allow',
    },
  },
  {
    method: 'GET',
    route: '/api/v1/inbox',
    url: () => '/api/v1/inbox',
    expect: {
      ...everyone(403),
      anonymous: 401,
      staffTy: 'allow',
      staffJn: 'allow',
      supervisorTy: 'allow',
      admin: 'allow',
    },
  },
  {
    method: 'POST',
    route: '/api/v1/admin/accounts',
    url: () => '/api/v1/admin/accounts',
    payload: { kind: 'staff' },
    expect: adminOnly,
  },
  {
    method: 'PUT',
    route: '/api/v1/admin/calendar/years/:year',
    url: () => '/api/v1/admin/calendar/years/2030',
    payload: { year: 2030 },
    expect: adminOnly,
  },
  {
    method: 'POST',
    route: '/api/v1/admin/audit/verify',
    url: () => '/api/v1/admin/audit/verify',
    expect: adminOnly,
  },
  {
    method: 'GET',
    route: '/api/v1/staff',
    url: () => '/api/v1/staff?region=140100',
    expect: { ...everyone(403), anonymous: 401, supervisorTy: 'allow', admin: 'allow' },
  },
  {
    method: 'GET',
    route: '/api/v1/staff',
    url: () => '/api/v1/staff?region=370800',
    expect: { ...everyone(403), anonymous: 401, admin: 'allow' },
  },
];

describeEachApp('authorisation matrix', (t) => {
  it('lists every registered API route', () => {
    const listed = new Set(MATRIX.map((r) => `${r.method} ${r.route}`));
    const missing = registeredRoutes.map((r) => `${r.method} ${r.url}`).filter((k) => !listed.has(k));
    expect(registeredRoutes.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('gives every actor the expected outcome on every route', async () => {
    const cookies: Partial<Record<ActorName, string>> = {};
    for (const [name, login] of Object.entries(LOGIN)) cookies[name as ActorName] = await t.login(login);
    const citizenA = (await findAccountByLogin(t.deps.db, LOGIN.citizenA))!;
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: cookies.citizenA,
      payload: { matter: 'work-injury-recognition', materials: ['application_form'] },
    });
    const bundle = await t.call({
      method: 'POST',
      url: '/api/v1/bundles/newborn-birth',
      cookie: cookies.citizenA,
      payload: {
        form: {
          childName: '王小禾',
          motherIdNumber: LOGIN.citizenB,
          fatherIdNumber: LOGIN.citizenA,
          settleWith: 'father',
          phone: '13800001234',
        },
      },
    });
    expect(bundle.statusCode, bundle.body).toBe(201);
    const ids = {
      citizenA: citizenA.id,
      caseA: created.json().caseNumber as string,
      bundleA: bundle.json().bundleNumber as string,
    };
    const failures: string[] = [];
    for (const row of MATRIX) {
      for (const actor of ACTORS) {
        let cookie = actor === 'anonymous' ? undefined : cookies[actor];
        if (row.fresh && actor !== 'anonymous') cookie = await t.login(LOGIN[actor]);
        const res = await t.call({
          method: row.method as 'GET',
          url: row.url(ids),
          ...(row.payload ? { payload: row.payload as object } : {}),
          ...(cookie ? { cookie } : {}),
        });
        const code = res.statusCode >= 400 ? res.json().error.code : null;
        const want = row.expect[actor];
        const got: Outcome | string =
          code === 'UNAUTHENTICATED'
            ? 401
            : code === 'FORBIDDEN'
              ? 403
              : want === 'hidden' && (code === 'CASE_NOT_FOUND' || code === 'BUNDLE_NOT_FOUND')
                ? 'hidden'
                : res.statusCode >= 500
                  ? `5xx ${res.body}`
                  : 'allow';
        if (got !== want)
          failures.push(
            `${row.method} ${row.url(ids)} as ${actor}: expected ${want}, got ${got} (${res.statusCode})`,
          );
      }
    }
    expect(failures).toEqual([]);
  });
});
