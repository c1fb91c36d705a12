/**
 * Real-name registration and password reset by SMS code (issue 11, finding 2: anyone could register any ID
 * number with any name, and `409 LOGIN_NAME_EXISTS` told who has an account).
 */
import { openText } from '@renshe/db';
import { expect, it } from 'vitest';
import { SMS_CODE_LIMITS, SMS_CODE_RULES } from './commands/real-name.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_UNREGISTERED } from './demo-data.ts';
import { describeEachApp, type TestApp } from './testing.ts';

const liu = DEMO_ACCOUNTS.find((a) => a.displayName === '刘芳')!;
const wang = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!;
const STRONG = 'Qingshan#Lake2026';

/**
 * The newest SMS queued for a phone (the local gateway's outbox, as the development log shows it). The
 * recipients are sealed at rest, so each is opened to compare.
 */
async function lastSms(t: TestApp, phone: string): Promise<string | undefined> {
  const rows = await t.deps.db
    .selectFrom('outbox')
    .select(['recipient', 'body'])
    .where('channel', '=', 'sms')
    .orderBy('id', 'desc')
    .execute();
  return rows.find((r) => openText(r.recipient) === phone)?.body;
}
const codeIn = (sms: string | undefined) => /验证码为 (\d{6})/.exec(sms ?? '')?.[1];

const post = (t: TestApp, url: string, payload: object, ip = '203.0.113.50') =>
  t.app.inject({ method: 'POST', url: `/api/v1/auth/${url}`, payload, remoteAddress: ip });

describeEachApp('real-name registration', (t) => {
  it('refuses a name that does not match the ID number, and a phone not registered to the person', async () => {
    const wrongName = await post(t, 'register/start', { ...DEMO_UNREGISTERED, name: '赵某' });
    expect(wrongName.statusCode).toBe(400);
    expect(wrongName.json().error).toMatchObject({ code: 'REAL_NAME_MISMATCH', details: { field: 'name' } });
    const wrongPhone = await post(t, 'register/start', { ...DEMO_UNREGISTERED, phone: '13811112222' });
    expect(wrongPhone.json().error).toMatchObject({
      code: 'PHONE_NOT_REAL_NAME',
      details: { field: 'phone' },
    });
    expect(await lastSms(t, DEMO_UNREGISTERED.phone)).toBeUndefined();
  });

  it('allows a code five tries, then never', async () => {
    await post(t, 'register/start', DEMO_UNREGISTERED, '203.0.113.51');
    const code = codeIn(await lastSms(t, DEMO_UNREGISTERED.phone))!;
    const wrongCode = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < SMS_CODE_RULES.maxAttempts; i++) {
      await post(t, 'register/complete', {
        idNumber: DEMO_UNREGISTERED.idNumber,
        phone: DEMO_UNREGISTERED.phone,
        code: wrongCode,
        password: STRONG,
      });
    }
    const late = await post(t, 'register/complete', {
      idNumber: DEMO_UNREGISTERED.idNumber,
      phone: DEMO_UNREGISTERED.phone,
      code,
      password: STRONG,
    });
    expect(late.json().error.code).toBe('VERIFICATION_CODE_INVALID');
  });

  it('registers after the code sent to the phone comes back, with a strong password', async () => {
    const start = await post(t, 'register/start', DEMO_UNREGISTERED);
    expect(start.statusCode, start.body).toBe(202);
    expect(start.json()).toEqual({ sentTo: '137****3456', expiresInSeconds: SMS_CODE_RULES.ttlMinutes * 60 });
    const code = codeIn(await lastSms(t, DEMO_UNREGISTERED.phone))!;
    expect(code).toMatch(/^\d{6}$/);
    const stored = await t.deps.db.selectFrom('verification_code').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain(DEMO_UNREGISTERED.idNumber);
    const body = { idNumber: DEMO_UNREGISTERED.idNumber, phone: DEMO_UNREGISTERED.phone, code };
    const wrong = await post(t, 'register/complete', {
      ...body,
      code: code === '000000' ? '111111' : '000000',
      password: STRONG,
    });
    expect(wrong.json().error.code).toBe('VERIFICATION_CODE_INVALID');
    for (const weak of ['aaaaaaa1', 'Password123', `Zm${DEMO_UNREGISTERED.idNumber.slice(6, 14)}!`]) {
      const res = await post(t, 'register/complete', { ...body, password: weak });
      expect(res.json().error.code, weak).toBe('PASSWORD_TOO_WEAK');
    }
    const done = await post(t, 'register/complete', { ...body, password: STRONG });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ displayName: '赵敏', kind: 'citizen' });
    const again = await post(t, 'register/complete', { ...body, password: STRONG });
    expect(again.json().error.code).toBe('VERIFICATION_CODE_INVALID'); // used once
    expect((await t.login(DEMO_UNREGISTERED.idNumber, STRONG)).length).toBeGreaterThan(0);
  });

  it('answers a start for an ID number that has an account exactly like a fresh one (no oracle)', async () => {
    const start = await post(t, 'register/start', {
      idNumber: wang.loginName,
      name: wang.displayName,
      phone: wang.phone!,
    });
    expect(start.statusCode).toBe(202);
    expect(Object.keys(start.json()).sort()).toEqual(['expiresInSeconds', 'sentTo']);
    const sms = await lastSms(t, wang.phone!);
    expect(sms).toContain('您已有账号');
    expect(codeIn(sms)).toBeUndefined();
    const complete = await post(t, 'register/complete', {
      idNumber: wang.loginName,
      phone: wang.phone!,
      code: '123456',
      password: STRONG,
    });
    expect(complete.json().error.code).toBe('VERIFICATION_CODE_INVALID');
    const codes = [start, complete].map((r) => r.json().error?.code ?? null);
    expect(codes).not.toContain('LOGIN_NAME_EXISTS');
  });

  it('limits starts per ID number (each costs an SMS)', async () => {
    t.clock.advance(2 * 3600_000);
    const statuses: number[] = [];
    for (let i = 0; i <= SMS_CODE_LIMITS.perIdNumber.limit; i++) {
      statuses.push((await post(t, 'register/start', DEMO_UNREGISTERED, `198.51.100.${60 + i}`)).statusCode);
    }
    expect(statuses.slice(0, -1).every((s) => s === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describeEachApp('password reset by SMS code', (t) => {
  it('sets a new password with the code sent to the account phone, and ends its sessions', async () => {
    const session = await t.login(liu.loginName);
    const start = await post(t, 'password-reset/start', { idNumber: liu.loginName, phone: liu.phone! });
    expect(start.statusCode).toBe(202);
    const code = codeIn(await lastSms(t, liu.phone!))!;
    const done = await post(t, 'password-reset/complete', {
      idNumber: liu.loginName,
      phone: liu.phone!,
      code,
      newPassword: STRONG,
    });
    expect(done.statusCode, done.body).toBe(200);
    const me = await t.call({ method: 'GET', url: '/api/v1/auth/me', cookie: session });
    expect(me.statusCode).toBe(401);
    const old = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: liu.loginName, password: DEMO_PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    expect((await t.login(liu.loginName, STRONG)).length).toBeGreaterThan(0);
  });

  it('a code works once, even for requests racing each other', async () => {
    await post(t, 'password-reset/start', { idNumber: wang.loginName, phone: wang.phone! }, '203.0.113.70');
    const code = codeIn(await lastSms(t, wang.phone!))!;
    const tries = await Promise.all(
      ['Qingshan#Lake2031', 'Qingshan#Lake2032', 'Qingshan#Lake2033'].map((newPassword) =>
        post(t, 'password-reset/complete', {
          idNumber: wang.loginName,
          phone: wang.phone!,
          code,
          newPassword,
        }),
      ),
    );
    expect(tries.filter((r) => r.statusCode === 200)).toHaveLength(1);
  });

  it('wrong phones do not use up the owner’s resets (only texts actually sent count)', async () => {
    for (let i = 0; i < SMS_CODE_LIMITS.perIdNumber.limit + 2; i++) {
      const r = await post(
        t,
        'password-reset/start',
        { idNumber: liu.loginName, phone: `1361111${String(i).padStart(4, '0')}` },
        `198.51.100.${120 + i}`,
      );
      expect(r.statusCode).toBe(202);
    }
    const owner = await post(
      t,
      'password-reset/start',
      { idNumber: liu.loginName, phone: liu.phone! },
      '203.0.113.71',
    );
    expect(owner.statusCode).toBe(202);
    expect(codeIn(await lastSms(t, liu.phone!))).toMatch(/^\d{6}$/);
  });

  it('answers a wrong phone or an unknown ID number the same, and sends nothing', async () => {
    const before = await t.deps.db.selectFrom('outbox').select('id').execute();
    const a = await post(t, 'password-reset/start', { idNumber: wang.loginName, phone: '13611110000' });
    const b = await post(t, 'password-reset/start', {
      idNumber: DEMO_UNREGISTERED.idNumber,
      phone: DEMO_UNREGISTERED.phone,
    });
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(Object.keys(a.json()).sort()).toEqual(Object.keys(b.json()).sort());
    const after = await t.deps.db.selectFrom('outbox').select('id').execute();
    expect(after.length).toBe(before.length);
  });
});
