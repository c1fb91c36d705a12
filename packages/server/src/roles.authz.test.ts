/**
 * No fallback roles (issue 11): an account acts on a case only through a role it holds that the step names.
 * Before the fix an administrator, and a staff account created with `roles: []`, acted as `handler`.
 */
import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-data.ts';
import { describeEachApp, filePersonalRegistration, type TestApp } from './testing.ts';

const citizen = DEMO_ACCOUNTS.find((a) => a.displayName === '刘芳')!.loginName;

const newCase = (t: TestApp) => filePersonalRegistration(t, citizen);

const accept = (t: TestApp, cookie: string, no: string) =>
  t.call({ method: 'POST', url: `/api/v1/cases/${no}/actions`, cookie, payload: { action: 'accept' } });

describeEachApp('roles on cases: no fallback', (t) => {
  it('an administrator administers and does not handle cases', async () => {
    const no = await newCase(t);
    const res = await accept(t, await t.login('admin'), no);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    const events = await t.deps.db
      .selectFrom('case_event')
      .select('seq')
      .where('case_number', '=', no)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('staff of the right department without a role for the step are refused; with it they act', async () => {
    const no = await newCase(t);
    const admin = await t.login('admin');
    for (const [loginName, roles] of [
      ['ty_rsj_noroles', []],
      ['ty_rsj_reviewer', ['reviewer']],
    ] as const) {
      const created = await t.call({
        method: 'POST',
        url: '/api/v1/admin/accounts',
        cookie: admin,
        payload: {
          kind: 'staff',
          loginName,
          displayName: `测试 ${loginName}`,
          password: DEMO_PASSWORD,
          departmentCode: 'TY-RSJ',
          regionCode: '140100',
          roles,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const res = await accept(t, await t.login(loginName), no);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.message).toContain('本账号没有这些角色');
    }
    const ok = await accept(t, await t.login('ty_rsj'), no);
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
