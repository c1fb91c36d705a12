/**
 * Floods (issue 11, point 8): one citizen filed 200 cases in 0.9 s without an Idempotency-Key, the inbox
 * showed 200 rows without paging so the next real case did not appear, and one submission stored 0.96 MB of
 * `data`. New cases are limited per applicant per hour (a retried key is not a new case), every list is
 * paged with its total, and the free `data` of a submission is at most 32 KB.
 */
import { expect, it } from 'vitest';
import { SUBMISSION_LIMITS } from './commands/cases.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { describeEachApp, type TestApp } from './testing.ts';

const wang = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;
const employer = DEMO_ACCOUNTS.find((a) => a.kind === 'employer')!.loginName;
const on = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

const file = (t: TestApp, cookie: string, opts: { key?: string; data?: Record<string, unknown> } = {}) =>
  t.call({
    method: 'POST',
    url: '/api/v1/cases',
    cookie,
    ...(opts.key ? { headers: { 'idempotency-key': opts.key } } : {}),
    payload: {
      matter: 'work-injury-recognition',
      materials: ['application_form'],
      ...(opts.data ? { data: opts.data } : {}),
    },
  });

/** A `data` object of about `kb` KB as JSON, in strings short enough for the edge guard's string limit. */
const dataOf = (kb: number) =>
  Object.fromEntries(Array.from({ length: kb }, (_, i) => [`f${i}`, 'x'.repeat(1014)]));

describeEachApp('floods: new cases per applicant per hour', (t) => {
  it('a citizen’s 21st new case in an hour is 429 with Retry-After; a retried key is not counted; an hour later works', async () => {
    t.clock.set(on('2026-11-23'));
    const me = await t.login(wang);
    const first = await file(t, me, { key: 'flood-key-0001' });
    expect(first.statusCode, first.body).toBe(201);
    // Retries of the same submission return its case and use nothing of the allowance.
    for (let i = 0; i < 5; i++) {
      const again = await file(t, me, { key: 'flood-key-0001' });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ caseNumber: first.json().caseNumber, created: false });
    }
    for (let i = 1; i < SUBMISSION_LIMITS.citizen.limit; i++) {
      const r = await file(t, me);
      expect(r.statusCode, `case ${i + 1}: ${r.body}`).toBe(201);
    }
    const over = await file(t, me);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('SUBMISSION_THROTTLED');
    expect(Number(over.headers['retry-after'])).toBe(3600);
    // Still answered past the limit: the retry is not a new case.
    const retried = await file(t, me, { key: 'flood-key-0001' });
    expect(retried.statusCode).toBe(200);
    expect(retried.json().caseNumber).toBe(first.json().caseNumber);
    const mine = await t.call({ method: 'GET', url: '/api/v1/cases', cookie: me });
    expect(mine.json().total).toBe(SUBMISSION_LIMITS.citizen.limit);

    t.clock.advance(60 * 60_000);
    const later = await file(t, await t.login(wang));
    expect(later.statusCode, later.body).toBe(201);
  });

  it('an employer files for its staff: well past the citizens’ limit in an hour', async () => {
    t.clock.set(on('2026-11-24'));
    const unit = await t.login(employer);
    for (let i = 0; i <= SUBMISSION_LIMITS.citizen.limit; i++) {
      const r = await file(t, unit);
      expect(r.statusCode, r.body).toBe(201);
    }
  });

  it('the free data of a submission is at most 32 KB (400 naming body.data), and a refused one is not counted', async () => {
    t.clock.set(on('2026-11-25'));
    const me = await t.login(wang);
    const big = await file(t, me, { data: dataOf(40) });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.code).toBe('VALIDATION_FAILED');
    expect(big.json().error.details.issues.map((i: { field: string }) => i.field)).toEqual(['body.data']);
    const fits = await file(t, me, { data: dataOf(30) });
    expect(fits.statusCode, fits.body).toBe(201);
    // This hour's counter holds the one case filed: the refused body never reached the command.
    const counters = await t.deps.db
      .selectFrom('rate_limit_hit')
      .select('hits')
      .where('key', 'like', 'submission:%')
      .where('window_start', '=', on('2026-11-25'))
      .execute();
    expect(counters).toEqual([{ hits: 1 }]);
  });
});

describeEachApp('floods: every list is paged with its total', (t) => {
  type Page = { items: { caseNumber: string }[]; total: number; page: number; pageSize: number };
  const filed: string[] = [];

  it('25 cases in a department’s inbox: page 1 has 20 with total 25, page 2 has 5 with the newest', async () => {
    t.clock.set(on('2026-11-23', '09:00'));
    const unit = await t.login(employer);
    for (let i = 0; i < 25; i++) {
      const r = await file(t, unit);
      expect(r.statusCode, r.body).toBe(201);
      filed.push(r.json().caseNumber);
      t.clock.advance(1000);
    }
    const staff = await t.login('ty_gs');
    const inbox = async (query: string) => {
      const r = await t.call({ method: 'GET', url: `/api/v1/inbox${query}`, cookie: staff });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Page;
    };
    const p1 = await inbox('');
    expect(p1).toMatchObject({ total: 25, page: 1, pageSize: 20 });
    expect(p1.items).toHaveLength(20);
    const p2 = await inbox('?page=2');
    expect(p2).toMatchObject({ total: 25, page: 2, pageSize: 20 });
    expect(p2.items).toHaveLength(5);
    // None of them has a running clock yet: oldest first, so the newest is the last row of the last page.
    expect(p2.items.at(-1)!.caseNumber).toBe(filed.at(-1));
    const all = [...p1.items, ...p2.items].map((c) => c.caseNumber);
    expect(new Set(all).size).toBe(25);
    expect(all).toEqual(filed);
    expect((await inbox('?page=3')).items).toEqual([]);
    const p3of10 = await inbox('?page=3&pageSize=10');
    expect(p3of10.items.map((c) => c.caseNumber)).toEqual(filed.slice(20));
  });

  it('my cases, newest first, in pages with the total', async () => {
    const unit = await t.login(employer);
    const r = await t.call({ method: 'GET', url: '/api/v1/cases?pageSize=10&page=1', cookie: unit });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ total: 25, page: 1, pageSize: 10 });
    expect(r.json().items.map((c: { caseNumber: string }) => c.caseNumber)).toEqual(
      [...filed].reverse().slice(0, 10),
    );
  });

  it('tasks, bundles and staff are pages too', async () => {
    const tasks = await t.call({ method: 'GET', url: '/api/v1/tasks', cookie: await t.login('ty_gs') });
    expect(tasks.json()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    const bundles = await t.call({ method: 'GET', url: '/api/v1/bundles', cookie: await t.login(wang) });
    expect(bundles.json()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    const admin = await t.login('admin');
    const staff = async (query: string) =>
      (await t.call({ method: 'GET', url: `/api/v1/staff?region=140100${query}`, cookie: admin })).json();
    const all = await staff('&pageSize=100');
    const taiyuan = DEMO_ACCOUNTS.filter((a) => a.kind === 'staff' && a.regionCode === '140100').length;
    expect(all.total).toBe(taiyuan);
    expect(all.items).toHaveLength(taiyuan);
    const p1 = await staff('&pageSize=5');
    const p3 = await staff('&pageSize=5&page=3');
    expect(p1).toMatchObject({ total: taiyuan, page: 1, pageSize: 5 });
    expect(p1.items).toHaveLength(5);
    expect(p3.items).toHaveLength(taiyuan - 10);
    expect([...p1.items, ...(await staff('&pageSize=5&page=2')).items, ...p3.items]).toEqual(all.items);
  });

  it('a page size over 100, a page below 1 or not a number is 400 naming the field', async () => {
    const staff = await t.login('ty_gs');
    for (const [query, field] of [
      ['pageSize=101', 'querystring.pageSize'],
      ['pageSize=0', 'querystring.pageSize'],
      ['pageSize=ten', 'querystring.pageSize'],
      ['page=0', 'querystring.page'],
      ['page=1.5', 'querystring.page'],
    ] as const) {
      for (const url of ['/api/v1/inbox', '/api/v1/tasks']) {
        const r = await t.call({ method: 'GET', url: `${url}?${query}`, cookie: staff });
        expect(r.statusCode, `${url}?${query}`).toBe(400);
        expect(r.json().error.details.issues.map((i: { field: string }) => i.field)).toEqual([field]);
      }
    }
    const mine = await t.call({
      method: 'GET',
      url: '/api/v1/cases?pageSize=101',
      cookie: await t.login(wang),
    });
    expect(mine.statusCode).toBe(400);
    expect(mine.json().error.details.issues[0].field).toBe('querystring.pageSize');
    const bundles = await t.call({
      method: 'GET',
      url: '/api/v1/bundles?page=-1',
      cookie: await t.login(wang),
    });
    expect(bundles.statusCode).toBe(400);
    expect(bundles.json().error.details.issues[0].field).toBe('querystring.page');
    const admin = await t.call({
      method: 'GET',
      url: '/api/v1/staff?region=140100&pageSize=101',
      cookie: await t.login('admin'),
    });
    expect(admin.statusCode).toBe(400);
    expect(admin.json().error.details.issues[0].field).toBe('querystring.pageSize');
  });
});
