/**
 * API conventions: every bad input is a 4xx with `{error:{code,message,details}}` (fuzzed with
 * fast-check over every POST/PUT route, logged in as an administrator so bodies reach the handlers),
 * request ids are echoed, unknown routes are JSON 404s, and logs never carry a full ID number or phone.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { expect, it } from 'vitest';
import { buildApp, loggerOptions } from './app.ts';
import { registeredRoutes } from './plugins/authz.ts';
import { describeEachApp } from './testing.ts';

const concrete = (url: string) =>
  url
    .replace(':code', '140100')
    .replace(':date', '2024-02-04')
    .replace(':year', '2031')
    .replace(':id', '00000000-0000-4000-8000-000000000000');

describeEachApp('API conventions', (t) => {
  it('answers random JSON bodies on every POST/PUT route with a 2xx or a 4xx error body, never a 5xx', async () => {
    const admin = await t.login('admin');
    const writes = registeredRoutes.filter((r) => r.method === 'POST' || r.method === 'PUT');
    expect(writes.length).toBeGreaterThan(5);
    // Logout would end the admin session; fuzz it last with its own session.
    const routes = [
      ...writes.filter((r) => !r.url.endsWith('/logout')),
      ...writes.filter((r) => r.url.endsWith('/logout')),
    ];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (body) => {
          const res = await t.call({
            method: route.method as 'POST',
            url: concrete(route.url),
            payload: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
            cookie: route.url.endsWith('/logout') ? await t.login('admin') : admin,
          });
          expect(
            res.statusCode,
            `${route.method} ${route.url} ${JSON.stringify(body)} → ${res.body}`,
          ).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const err = res.json().error;
            expect(typeof err.code).toBe('string');
            expect(typeof err.message).toBe('string');
          }
        }),
        { numRuns: route.url.endsWith('/logout') ? 5 : 40 },
      );
    }
  });

  it.each([
    ['malformed JSON', '{"loginName":', 'application/json'],
    ['wrong media type', 'loginName=a', 'text/plain'],
    ['empty body', '', 'application/json'],
  ])('rejects %s with a 4xx error body', async (_name, payload, type) => {
    const res = await t.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload,
      headers: { 'content-type': type },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
  });

  it('names every invalid field of a body in one response', async () => {
    const res = await t.call({
      method: 'POST',
      url: '/api/v1/auth/register/complete',
      payload: { idNumber: '', phone: '12', code: '', password: 3 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const fields = body.error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining(['body.idNumber', 'body.code', 'body.phone', 'body.password']),
    );
  });

  it('echoes a caller request id and returns JSON 404 for unknown routes', async () => {
    const res = await t.call({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.json().error).toMatchObject({
      code: 'ROUTE_NOT_FOUND',
      details: { requestId: 'trace-12345678' },
    });
  });
});

describeEachApp('request logging at info level', (t) => {
  it('logs real requests (with their circular request objects) without crashing and without identifiers', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = await buildApp({ deps: t.deps, logLevel: 'info', logStream: sink });
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/progress?caseNumber=140100-20240101-000001&idNumber=11010519491231002X',
    });
    await app.close();
    expect(res.statusCode).toBe(404);
    const all = lines.join('\n');
    expect(all).toContain('incoming request');
    expect(all).not.toContain('11010519491231002X');
  });
});

it('logs never contain a full ID number or phone number, wherever they appear', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const opts = loggerOptions('info') as pino.LoggerOptions;
  const log = pino(opts, sink);
  log.info({ req: { method: 'GET', url: '/api/v1/x?id=11010519491231002X', id: 'r1' } }, 'request');
  log.info(
    { body: { idNumber: '11010519491231002X', phone: '13812345678', password: 'secret1' } },
    '用户 13812345678 提交',
  );
  const all = lines.join('\n');
  expect(lines).toHaveLength(2);
  expect(all).not.toContain('11010519491231002X');
  expect(all).not.toContain('13812345678');
  expect(all).not.toContain('secret1');
  expect(all).toContain('110***********002X');
});
