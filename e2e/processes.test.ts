/**
 * SERVER_PROCESSES=2 on a PostgreSQL server: two HTTP processes share the port, the background process
 * delivers a bundle's parts to the agencies, and a calendar year loaded through one HTTP process is used by
 * the other (the primary relays the change; each re-reads the database). Real server processes on a
 * throwaway database of the local PostgreSQL server.
 */

import { Agent, request } from 'node:http';
import { NOTICE_2027 } from '@renshe/domain/calendar/fixture-2027.testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startServer, type TestServer } from './harness.ts';

let server: TestServer;

/** One request, on a new connection unless an agent is given (new connections go to either process). */
function call(
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; agent?: Agent } = {},
): Promise<{ status: number; body: Record<string, unknown>; setCookie: string[] }> {
  const url = new URL(path, server.baseUrl);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: opts.agent ?? false,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
            setCookie: res.headers['set-cookie'] ?? [],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The shared 2027 test fixture (invented, not the State Council's notice): 02-20 is worked. */
const YEAR_2027 = NOTICE_2027;

describe('two server processes on one port', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    server = await startServer({ postgres: true, env: { SERVER_PROCESSES: '2' } });
    // /health answers as soon as one process listens; the banner follows once both do.
    const deadline = Date.now() + 60_000;
    while (!server.output().includes('2 个服务进程')) {
      if (Date.now() > deadline) throw new Error(`no banner:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers from both processes', async () => {
    const pids = new Set<unknown>();
    for (let i = 0; i < 20 && pids.size < 2; i++) pids.add((await call('GET', '/health')).body.process);
    expect(pids.size).toBe(2);
  });

  it("runs the background workers in their own process: the agencies receive a bundle's parts", async () => {
    const mother = '370802198805124569';
    const login = await call('POST', '/api/v1/auth/login', {
      body: { loginName: mother, password: DEMO_PASSWORD },
    });
    expect(login.status).toBe(200);
    const cookie = login.setCookie.map((c) => c.split(';')[0]).join('; ');
    const submitted = await call('POST', '/api/v1/bundles/newborn-birth', {
      cookie,
      body: {
        form: {
          childName: '王小禾',
          motherIdNumber: mother,
          fatherIdNumber: '140105199003071234',
          settleWith: 'father',
          phone: '13900005678',
        },
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const n = String(submitted.body.bundleNumber);
    // The dispatcher ticks every 5 s in the background process; the local agency systems accept.
    const deadline = Date.now() + 30_000;
    let deliveries: unknown[] = [];
    while (Date.now() < deadline) {
      const view = await call('GET', `/api/v1/bundles/${n}`, { cookie });
      deliveries = (view.body.parts as { delivery: string }[]).map((p) => p.delivery);
      if (deliveries.every((d) => d === 'confirmed')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(deliveries).toEqual(Array(5).fill('confirmed'));
  });

  it('uses a calendar year loaded through the other process', async () => {
    const login = await call('POST', '/api/v1/auth/login', {
      body: { loginName: 'admin', password: DEMO_PASSWORD },
    });
    expect(login.status).toBe(200);
    const cookie = login.setCookie.map((c) => c.split(';')[0]).join('; ');
    // Estimated (a plain Saturday, no 调休 known) before the year is loaded.
    const before = await call('GET', '/api/v1/calendar/days/2027-02-20', { cookie });
    expect(before.body).toMatchObject({ kind: 'weekend', provisional: true });
    const put = await call('PUT', '/api/v1/admin/calendar/years/2027', { cookie, body: YEAR_2027 });
    expect(put.status).toBe(200);
    // Every process answers with the new year within a few seconds (fresh connections reach both).
    const seen = new Map<unknown, string>();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      // Both requests on one connection, so the process that answers /health answers the calendar too.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const pid = (await call('GET', '/health', { agent })).body.process;
      const day = await call('GET', '/api/v1/calendar/days/2027-02-20', { cookie, agent });
      agent.destroy();
      seen.set(pid, String(day.body.kind));
      if (seen.size === 2 && [...seen.values()].every((k) => k === 'makeup_workday')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...seen.values()]).toEqual(['makeup_workday', 'makeup_workday']);
  });
});
