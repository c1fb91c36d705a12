/**
 * The edge rules (plugins/edge-guard.ts) as an attacker meets them: input PostgreSQL cannot store or that is
 * built to exhaust the server is a 400 naming the field — never a 500 — and every answer carries the security
 * headers. Written from the findings of issue 11 (a NUL in a login name, a lone surrogate in a name, `data`
 * nested 5,000 levels deep each gave 500).
 */
import { expect, it } from 'vitest';
import { describeEachApp } from './testing.ts';

const NUL = String.fromCharCode(0);
const LONE = String.fromCharCode(0xd800);
const nested = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describeEachApp('edge guard', (t) => {
  it.each([
    ['a NUL in the login name', { loginName: `admin${NUL}`, password: 'x' }, 'body.loginName'],
    ['a lone surrogate in the login name', { loginName: `ab${LONE}`, password: 'x' }, 'body.loginName'],
    ['a NUL in a key', { [`login${NUL}Name`]: 'admin', password: 'x' }, 'body.login'],
  ])('refuses %s with 400 INPUT_INVALID naming the field', async (_what, payload, field) => {
    const res = await t.call({ method: 'POST', url: '/api/v1/auth/login', payload });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('INPUT_INVALID');
    expect(res.json().error.details.field).toContain(field);
  });

  it('refuses a name with a lone surrogate at registration, and a NUL in a query', async () => {
    const reg = await t.call({
      method: 'POST',
      url: '/api/v1/auth/register/start',
      payload: { idNumber: '110101199003074514', name: `张${LONE}`, phone: '13700001111' },
    });
    expect(reg.statusCode, reg.body).toBe(400);
    expect(reg.json().error.details.field).toBe('body.name');
    const q = await t.call({ method: 'GET', url: `/api/v1/progress?caseNumber=1%00&idNumber=x` });
    expect(q.statusCode, q.body).toBe(400);
    expect(q.json().error.details.field).toBe('querystring.caseNumber');
  });

  it('refuses JSON nested 5,000 levels deep, and accepts 20 levels', async () => {
    const cookie = await t.login('370802198805124569');
    const deep = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie,
      payload: `{"matter":"personal-insurance-registration","data":${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(deep.statusCode, deep.body.slice(0, 300)).toBe(400);
    expect(deep.json().error.code).toBe('INPUT_INVALID');
    const fine = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: 'nobody', password: 'x', x: nested(20) },
    });
    expect(fine.statusCode).not.toBe(500);
    expect(fine.json().error?.code).not.toBe('INPUT_INVALID');
  });

  it('refuses a __proto__ key (prototype pollution) as Fastify’s own parser would', async () => {
    const res = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"loginName":"admin","password":"x","__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('body.__proto__');
  });

  it('refuses malformed JSON with 400 and a string of 100,000 characters with 400', async () => {
    const bad = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"loginName":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    const long = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: 'a'.repeat(100_000), password: 'x' },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details.field).toBe('body.loginName');
  });

  it('sends the security headers, and no-store on API answers', async () => {
    const api = await t.call({ method: 'GET', url: '/api/v1/matters' });
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(api.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(api.headers['strict-transport-security']).toBeUndefined(); // plain HTTP here
    const health = await t.call({ method: 'GET', url: '/health' });
    expect(health.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a state-changing request from another origin (CSRF), and lets the site itself and non-browsers through', async () => {
    const cookie = await t.login('370802198805124569');
    // The finding: a body-less POST from another origin (here logout) was accepted.
    for (const headers of [
      { origin: 'http://evil.example', 'content-type': 'text/plain' },
      { origin: 'http://localhost:8080' }, // another port of the same host is another origin
      { referer: 'http://evil.example/page' },
      { origin: 'null' },
    ]) {
      const res = await t.call({ method: 'POST', url: '/api/v1/auth/logout', cookie, headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('CSRF_ORIGIN_REJECTED');
    }
    const me = await t.call({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookie,
      headers: { origin: 'http://evil.example' },
    });
    expect(me.statusCode).toBe(200); // reads are not refused (CORS keeps their answers from the other site)
    const same = await t.call({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookie,
      headers: { origin: 'http://localhost' },
    });
    expect(same.statusCode, same.body).toBeLessThan(300);
    const cli = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: 'admin', password: 'Renshe2026' },
    });
    expect(cli.statusCode).toBe(200);
  });

  it('keeps a short well-formed client request id and replaces any other', async () => {
    const ok = await t.call({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-12345' } });
    expect(ok.headers['x-request-id']).toBe('abc-12345');
    const long = await t.call({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'x'.repeat(500) },
    });
    expect(String(long.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
  });
});
