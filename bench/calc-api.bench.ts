/**
 * bench:calc-api — single S2 calculations with explanation over HTTP, loopback only, bounded in time.
 * Starts the real server (demo data off, LOG_LEVEL=warn, NODE_ENV=production) as a child process — two
 * HTTP processes on a throwaway PostgreSQL database by default (BENCH_SERVER_PROCESSES=0: one process on
 * embedded PGlite in a temp folder) — then drives it with autocannon at 4 connections:
 *   1. baseline: GET /health on the same server (the HTTP floor of this machine and stack),
 *   2. POST /api/v1/calculations without the trace (validation, evaluation, explanation, citations),
 *   3. the same with the trace in the response (the issue's measure).
 * Prints req/s, p50/p99 latency and the ratio to the baseline. Target: ≥ 7,000 req/s at 4 connections.
 * Also prints the server's CPU time per request, all its processes together (from /proc, Linux): on a
 * 2-core machine shared with the load generator — and with whatever else runs — req/s moves with the
 * load, CPU per request much less.
 *
 * Every calculation request is different: each connection cycles through a pool of 4,096 pre-built bodies
 * (random S2 beneficiaries from the shared fixture, over several Shanxi regions and months), so nothing
 * keyed on the inputs can be memoised; only what depends on the resolved instant repeats.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatYuan } from '@renshe/domain/money/money.ts';
import { prng, randomBeneficiary } from '@renshe/policies/testing.ts';
import autocannon from 'autocannon';
import pg from 'pg';
import { type BenchServer, startBenchServer } from './server-process.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const POOL = 4096;
const REGIONS = ['140105', '140106', '140107', '140100', '140202', '140302', '140403', '140521'];
const MONEY = ['allowanceBefore', 'nursingBefore', 'dependantsBefore', 'pensionAfterAdjustment'] as const;

/**
 * CPU seconds (user + system) the processes of a process group have used (the server and the HTTP
 * processes it forks), from /proc/<pid>/stat; NaN where there is no /proc.
 */
function cpuSeconds(group: number): number {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let fields: string[];
      try {
        fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      } catch {
        continue; // exited meanwhile
      }
      // fields[2] is the process group; utime and stime are in clock ticks (USER_HZ = 100)
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100;
  } catch {
    return Number.NaN;
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'renshe-bench-'));
/**
 * HTTP server processes (SERVER_PROCESSES): 2 by default, one per core, beside the process that runs the
 * background workers; they need PostgreSQL, so the server runs on a throwaway database of PG_TEST_URL's
 * server (the calculation reads no table). 0: one process doing everything, on embedded PGlite.
 */
const PROCESSES = Number(process.env.BENCH_SERVER_PROCESSES ?? 2);
const adminUrl = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = PROCESSES > 0 ? `renshe_bench_calc_${randomBytes(4).toString('hex')}` : null;
const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
if (dbName) await admin(`create database ${dbName}`);
const databaseUrl = dbName ? Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString() : '';
let server: BenchServer | undefined;
try {
  server = await startBenchServer({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    // Empty: unset (one process on PGlite).
    SERVER_PROCESSES: PROCESSES > 0 ? String(PROCESSES) : '',
    DEMO_DATA: 'false',
  });
  const { base, pid } = server;
  const S2 = 'work_injury.shanxi_2023_adjustment';
  // The pool: random beneficiaries with money written in yuan, as a client sends it.
  const rand = prng(20261123);
  const pool = Array.from({ length: POOL }, () => {
    const b: Record<string, unknown> = randomBeneficiary(rand);
    for (const k of MONEY) b[k] = formatYuan(b[k] as number);
    const region = REGIONS[Math.floor(rand() * REGIONS.length)]!;
    const date = `${2023 + Math.floor(rand() * 2)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01`;
    return { rule: S2, region, date, inputs: b };
  });
  const requests = (trace: boolean) =>
    pool.map((p) => ({
      method: 'POST' as const,
      path: '/api/v1/calculations',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...p, trace }),
    }));
  const body = (trace: boolean) =>
    JSON.stringify({
      rule: S2,
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
  for (const r of requests(true).slice(0, 64)) {
    const res = await fetch(`${base}${r.path}`, r);
    if (!res.ok) throw new Error(`pool body refused: ${r.body} → ${await res.text()}`);
  }

  type RunOptions = {
    path: string;
    requests?: autocannon.Request[];
    duration?: number;
  };
  const cpu = new Map<autocannon.Result, number>();
  const run = async (title: string, { path, ...opts }: RunOptions) => {
    const before = cpuSeconds(pid);
    const r = await autocannon({
      url: `${base}${path}`,
      connections: CONNECTIONS,
      duration: DURATION,
      ...opts,
      title,
    });
    cpu.set(r, ((cpuSeconds(pid) - before) * 1e6) / r.requests.total);
    return r;
  };
  await run('warm-up', { path: '/api/v1/calculations', requests: requests(true), duration: 3 });
  const health = await run('GET /health', { path: '/health' });
  const calc = await run('POST /api/v1/calculations', {
    path: '/api/v1/calculations',
    requests: requests(false),
  });
  const traced = await run('POST /api/v1/calculations (trace)', {
    path: '/api/v1/calculations',
    requests: requests(true),
  });

  const line = (name: string, r: autocannon.Result) =>
    `  ${name.padEnd(38)} ${Math.round(r.requests.average).toLocaleString('en-US').padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   errors ${r.errors + r.non2xx}   server CPU ${Math.round(cpu.get(r)!)} µs/req`;
  console.log(
    `bench:calc-api — ${CONNECTIONS} connections, ${DURATION} s each, loopback, ${POOL} distinct bodies, ${PROCESSES ? `${PROCESSES} HTTP process(es) + background process` : 'one process'} (Node ${process.version}, ${cpus().length} cores)`,
  );
  console.log(line('baseline GET /health', health));
  console.log(line('POST /api/v1/calculations (no trace)', calc));
  console.log(line('POST /api/v1/calculations (with trace)', traced));
  console.log(
    `  with trace / baseline: ${(traced.requests.average / health.requests.average).toFixed(2)}   target ≥ 7,000 req/s with trace: ${traced.requests.average >= 7000 ? 'met' : 'NOT met'}   (OpenFisca API ≈ 730 req/s)`,
  );
} finally {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
  if (dbName) await admin(`drop database if exists ${dbName} with (force)`);
}
