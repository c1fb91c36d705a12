/**
 * bench:calc-api — single S2 calculations with explanation over HTTP, loopback only, bounded in time.
 * Starts the real server (embedded PGlite in a temp folder, demo data off, LOG_LEVEL=warn) as a child
 * process, then drives it with autocannon at 4 connections:
 *   1. baseline: GET /health on the same server (the HTTP floor of this machine and stack),
 *   2. POST /api/v1/calculations without the trace (validation, evaluation, explanation, citations),
 *   3. the same with the trace in the response (the measure).
 * Prints req/s, p50/p99 latency and the ratio to the baseline. Target: ≥ 7,000 req/s at 4 connections.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
const dataDir = await mkdtemp(join(tmpdir(), 'renshe-bench-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
const base = `http://127.0.0.1:${port}`;
try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const body = (trace: boolean) =>
    JSON.stringify({
      rule: 'work_injury.shanxi_2023_adjustment',
      region: '140105',
      date: '2023-12-01',
      trace,
      inputs: {
        category: 'grade_1',
        allowanceBefore: '2900.00',
        careLevel: 'most',
        nursingBefore: '2600.00',
        dependantsBefore: '1200.00',
        spouseDependants: 1,
        otherDependants: 1,
        firstPaidDate: '2019-05-01',
        oneTimeSettled: false,
        retired: false,
        pensionAfterAdjustment: '0',
      },
    });
  // Sanity: the endpoint answers correctly before it is measured.
  const probe = await (
    await fetch(`${base}/api/v1/calculations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(false),
    })
  ).json();
  if (probe.outputs?.allowance?.yuan !== '3164.00')
    throw new Error(`unexpected answer ${JSON.stringify(probe)}`);

  type RunOptions = {
    path: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    duration?: number;
  };
  const run = (title: string, { path, ...opts }: RunOptions) =>
    autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration: DURATION, ...opts, title });
  await run('warm-up', {
    path: '/api/v1/calculations',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(false),
    duration: 3,
  });
  const health = await run('GET /health', { path: '/health' });
  const calc = await run('POST /api/v1/calculations', {
    path: '/api/v1/calculations',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(false),
  });
  const traced = await run('POST /api/v1/calculations (trace)', {
    path: '/api/v1/calculations',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(true),
  });

  const line = (name: string, r: autocannon.Result) =>
    `  ${name.padEnd(38)} ${Math.round(r.requests.average).toLocaleString('en-US').padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   errors ${r.errors + r.non2xx}`;
  console.log(
    `bench:calc-api — ${CONNECTIONS} connections, ${DURATION} s each, loopback (Node ${process.version})`,
  );
  console.log(line('baseline GET /health', health));
  console.log(line('POST /api/v1/calculations (no trace)', calc));
  console.log(line('POST /api/v1/calculations (with trace)', traced));
  console.log(
    `  with trace / baseline: ${(traced.requests.average / health.requests.average).toFixed(2)}   target ≥ 7,000 req/s with trace: ${traced.requests.average >= 7000 ? 'met' : 'NOT met'}   (OpenFisca API ≈ 730 req/s)`,
  );
} finally {
  process.kill(-server.pid!, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await rm(dataDir, { recursive: true, force: true });
}
