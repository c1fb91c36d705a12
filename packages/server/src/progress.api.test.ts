/**
 * The public progress lookup as an outsider meets it (issue 11, finding 1): limited per client address and per
 * case number, one answer for "no such case" and "wrong identity number", each lookup audited; and a logged-in
 * citizen cannot tell someone else's case number from one that does not exist.
 */
import { expect, it } from 'vitest';
import { PROGRESS_LIMITS } from './commands/progress-lookup.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { addressKey } from './services/rate-limits.ts';
import { describeEachApp, filePersonalRegistration, type TestApp } from './testing.ts';

const liu = DEMO_ACCOUNTS.find((a) => a.displayName === '刘芳')!.loginName;
const wang = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;

const newCase = (t: TestApp) => filePersonalRegistration(t, liu);

const lookup = (t: TestApp, caseNumber: string, idNumber: string, ip = '203.0.113.7') =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/progress?caseNumber=${encodeURIComponent(caseNumber)}&idNumber=${idNumber}`,
    remoteAddress: ip,
  });

describeEachApp('public progress lookup', (t) => {
  it('case numbers are not guessable from their neighbours', async () => {
    const a = await newCase(t);
    const b = await newCase(t);
    expect(a).toMatch(/^\d{6}-\d{8}-\d{6}-\d{6}$/);
    const [pa, pb] = [a, b].map((n) => n.split('-'));
    expect(Number(pb![2]) - Number(pa![2])).toBe(1);
    // Knowing a's number and the next sequence does not give b's: the last group is random.
    expect(`${pb![0]}-${pb![1]}-${pb![2]}-${pa![3]}`).not.toBe(b);
  });

  it('answers a wrong identity number exactly as a case that does not exist', async () => {
    const real = await newCase(t);
    const wrongId = await lookup(t, real, wang, '203.0.113.10');
    const invented = await lookup(t, real.replace(/\d{6}$/, '000000'), liu, '203.0.113.10');
    const old = await lookup(t, real.split('-').slice(0, 3).join('-'), liu, '203.0.113.10');
    for (const r of [wrongId, invented, old]) {
      expect(r.statusCode).toBe(404);
      const { requestId: _r, ...details } = r.json().error.details;
      expect({ ...r.json().error, details }).toEqual({
        code: 'CASE_NOT_FOUND',
        message: '办件编号与证件号码不匹配',
        details: {},
      });
    }
    const ok = await lookup(t, real, liu, '203.0.113.10');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().caseNumber).toBe(real);
  });

  it('limits lookups per client address and per case number, and audits every one', async () => {
    const real = await newCase(t);
    const ip = '198.51.100.20';
    for (let i = 0; i < PROGRESS_LIMITS.perCase.limit; i++) {
      expect((await lookup(t, real, wang, ip)).statusCode).toBe(404);
    }
    const blocked = await lookup(t, real, liu, '198.51.100.21'); // even the owner, from elsewhere, this hour
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('PROGRESS_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Per address: guessing many numbers from one address stops at the limit.
    const scanner = '198.51.100.30';
    let refused = 0;
    for (let i = 0; i < PROGRESS_LIMITS.perAddress.limit + 5; i++) {
      const r = await lookup(t, `140100-20261123-${String(i + 1).padStart(6, '0')}-123455`, liu, scanner);
      if (r.statusCode === 429) refused++;
    }
    expect(refused).toBe(5);
    // An hour later the owner can look again.
    t.clock.advance(61 * 60_000);
    expect((await lookup(t, real, liu, '198.51.100.21')).statusCode).toBe(200);
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'case.progress_lookup')
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(
      PROGRESS_LIMITS.perCase.limit + PROGRESS_LIMITS.perAddress.limit + 1,
    );
    expect(JSON.stringify(audited)).not.toContain(liu);
  });

  it('the owner’s own lookups never use up the case number’s limit (only failures do)', async () => {
    const real = await newCase(t);
    for (let i = 0; i < PROGRESS_LIMITS.perCase.limit + 3; i++) {
      expect((await lookup(t, real, liu, `192.0.2.${i + 1}`)).statusCode).toBe(200);
    }
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not reset the limit', async () => {
    expect(addressKey('2001:db8:abcd:12:1::7')).toBe('2001:db8:abcd:12::/64');
    expect(addressKey('2001:0db8:abcd:0012:ffff:1:2:3')).toBe('2001:db8:abcd:12::/64');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    let refused = 0;
    for (let i = 0; i < PROGRESS_LIMITS.perAddress.limit + 2; i++) {
      const r = await lookup(
        t,
        `140100-20261123-000001-${String(i).padStart(5, '0')}5`,
        liu,
        `2001:db8:abcd:12::${(i + 1).toString(16)}`,
      );
      if (r.statusCode === 429) refused++;
    }
    expect(refused).toBe(2);
  });

  it('a logged-in citizen gets the same 404 for another person’s case as for no case', async () => {
    const real = await newCase(t);
    const other = await t.login(wang);
    const theirs = await t.call({ method: 'GET', url: `/api/v1/cases/${real}`, cookie: other });
    const none = await t.call({
      method: 'GET',
      url: `/api/v1/cases/${real.replace(/\d{6}$/, '000000')}`,
      cookie: other,
    });
    expect(theirs.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(theirs.json().error.code).toBe(none.json().error.code);
  });
});
