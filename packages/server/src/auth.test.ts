import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-data.ts';
import { describeEachApp } from './testing.ts';

const citizen = DEMO_ACCOUNTS.find((a) => a.kind === 'citizen')!.loginName;

describeEachApp('auth', (t) => {
  it('logs in with an httpOnly SameSite session cookie and returns the account', async () => {
    const res = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: 'ty_gs', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'renshe_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().account).toMatchObject({
      kind: 'staff',
      departmentCode: 'TY-RSJ-GS',
      regionCode: '140100',
    });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('accepts a citizen ID number typed with lower-case x… and rejects a wrong password with 401', async () => {
    const res = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: citizen.toLowerCase(), password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const bad = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: citizen, password: 'wrong-pass1' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('LOGIN_FAILED');
  });

  it('throttles a login name after 5 failures in 15 minutes, then lets it in again', async () => {
    const attempt = (password: string) =>
      t.call({ method: 'POST', url: '/api/v1/auth/login', payload: { loginName: 'ty_sy', password } });
    for (let i = 0; i < 5; i++) expect((await attempt('bad-password1')).statusCode).toBe(401);
    const locked = await attempt(DEMO_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('LOGIN_THROTTLED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('a stranger’s failures lock the stranger’s address, not the owner logging in from elsewhere', async () => {
    const from = (ip: string, password: string, loginName = 'ty_xzsp') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { loginName, password },
        remoteAddress: ip,
      });
    for (let i = 0; i < 5; i++) expect((await from('198.51.100.99', 'bad-password1')).statusCode).toBe(401);
    expect((await from('198.51.100.99', DEMO_PASSWORD)).statusCode).toBe(429);
    // Before the fix the name itself was locked: the owner at another address got 429 too.
    expect((await from('203.0.113.5', DEMO_PASSWORD)).statusCode).toBe(200);
    // An address that fails 50 times (spraying many names) is refused for every name.
    for (let i = 0; i < 45; i++) await from('198.51.100.99', 'bad-password1', `nobody${i}`);
    const sprayed = await from('198.51.100.99', DEMO_PASSWORD, 'ty_wjw');
    expect(sprayed.statusCode).toBe(429);
    expect((await from('203.0.113.6', DEMO_PASSWORD, 'ty_wjw')).statusCode).toBe(200);
  });

  it('40 concurrent wrong passwords get at most 5 tries past the count, not 40 (no race)', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { loginName: 'ty_ybj', password: 'bad-password1' },
          remoteAddress: '198.51.100.88',
        }),
      ),
    );
    const failed = results.filter((r) => r.statusCode === 401).length;
    expect(failed).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.statusCode === 429).length).toBe(40 - failed);
  });

  it('takes the client address from the socket, not from a header a client can set', async () => {
    const spoof = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { loginName: 'ty_cdc', password: 'bad-password1' },
        remoteAddress: '198.51.100.77',
        headers: { 'x-forwarded-for': `10.0.0.${i}` },
      });
    for (let i = 0; i < 5; i++) await spoof(i);
    expect((await spoof(99)).statusCode).toBe(429);
  });

  it('logs out: the cookie no longer authenticates', async () => {
    const cookie = await t.login('ty_rsj');
    expect((await t.call({ method: 'GET', url: '/api/v1/auth/me', cookie })).statusCode).toBe(200);
    expect((await t.call({ method: 'POST', url: '/api/v1/auth/logout', cookie })).statusCode).toBe(200);
    const after = await t.call({ method: 'GET', url: '/api/v1/auth/me', cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('changes a password, enforces the policy and ends the other sessions', async () => {
    const a = await t.login('ty_ybj');
    const b = await t.login('ty_ybj');
    const weak = await t.call({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie: a,
      payload: { currentPassword: DEMO_PASSWORD, newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const wrong = await t.call({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie: a,
      payload: { currentPassword: 'nope12345', newPassword: 'Qingshan#Lake2027' },
    });
    expect(wrong.json().error.code).toBe('PASSWORD_INCORRECT');
    const ok = await t.call({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie: a,
      payload: { currentPassword: DEMO_PASSWORD, newPassword: 'Qingshan#Lake2027' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().endedSessions).toBe(1);
    expect((await t.call({ method: 'GET', url: '/api/v1/auth/me', cookie: b })).statusCode).toBe(401);
    expect((await t.call({ method: 'GET', url: '/api/v1/auth/me', cookie: a })).statusCode).toBe(200);
    await expect(t.login('ty_ybj')).rejects.toThrow(/401/);
    await t.login('ty_ybj', 'Qingshan#Lake2027');
  });

  it.each([
    ['14010519900307123', 'ID_NUMBER_LENGTH'],
    ['1401051990030712X4', 'ID_NUMBER_CHARSET'],
    ['990105199003071230', 'ID_NUMBER_REGION'],
    ['140105199002301235', 'ID_NUMBER_BIRTH_DATE'],
    ['140105199003071230', 'ID_NUMBER_CHECKSUM'],
  ])('refuses to register ID number %s with %s and writes nothing', async (idNumber, code) => {
    const before = await t.deps.db
      .selectFrom('account')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await t.call({
      method: 'POST',
      url: '/api/v1/auth/register/start',
      payload: { idNumber, name: '测试', phone: '13700001111' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    const after = await t.deps.db
      .selectFrom('account')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('registration goes through the real-name flow (see real-name.api.test.ts)', async () => {
    const res = await t.call({ method: 'POST', url: '/api/v1/auth/register', payload: {} });
    expect(res.statusCode).toBe(404); // the one-step registration that took any ID number is gone
  });
});
