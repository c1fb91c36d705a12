/**
 * bench:clocks — 1,000,000 cases in PostgreSQL (80% open) spread over every county of 山西; the overdue
 * and nearly-due queries for one region, answered from the indexed deadline column (no per-row clock
 * computation), against the same queries with index scans disabled (a sequential scan) in the same run.
 * Target: < 100 ms. Uses PG_TEST_URL (default postgres://postgres@127.0.0.1:5432/postgres); creates and
 * drops its own database.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { listDueSoon, listOverdue, migrateToLatest, openDatabase } from '@renshe/db';
import { listRegions } from '@renshe/domain/regions/region.ts';
import { sql } from 'kysely';
import pg from 'pg';

const N = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = 30;
const adminUrl = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `renshe_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const handle = await openDatabase({ driver: 'postgres', url: url.toString() });
const db = handle.db;
const counties = listRegions({ under: '140000' })
  .filter((r) => r.level === 'county')
  .map((r) => r.code);
try {
  await migrateToLatest(db);
  await db
    .insertInto('department')
    .values({
      code: 'SX-RST',
      name: '山西省人力资源和社会保障厅',
      parent_code: null,
      agency: 'hrss',
      region_code: '140000',
    })
    .execute();
  const applicant = await db
    .insertInto('account')
    .values({
      // An employer: its login is not personal, so the bench needs no data key.
      kind: 'employer',
      login_name: 'bench',
      login_hmac: 'bench',
      display_name: 'bench',
      password_hash: 'x',
      password_changed_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const t0 = performance.now();
  await sql`
    insert into case_file (case_number, matter_code, matter_version, applicant_id, region_code, department_code, state,
                           terminal, clock_state, event_count, deadline_at, created_at, updated_at)
    select 'B-' || g, 'work-injury-recognition', 1, ${applicant.id}::uuid,
           (${counties}::text[])[1 + g % ${counties.length}], 'SX-RST',
           case when g % 5 = 0 then 'delivered' else 'investigating' end,
           g % 5 = 0, case when g % 5 = 0 then 'stopped' else 'running' end, 5,
           case when g % 5 = 0 then null else now() + ((g % 120) - 30) * interval '1 day' + (g % 86400) * interval '1 second' end,
           now(), now()
    from generate_series(1, ${N}::int) g`.execute(db);
  await sql`analyze case_file`.execute(db);
  const loadMs = performance.now() - t0;

  const region = counties[7]!;
  const now = new Date();
  const soon = 3 * 86_400_000;
  const time = async (fn: () => Promise<unknown>) => {
    const ts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await fn();
      ts.push(performance.now() - t);
    }
    ts.sort((a, b) => a - b);
    return { p50: ts[Math.floor(RUNS / 2)]!, p99: ts[RUNS - 1]! };
  };
  const overdue = await time(() => listOverdue(db, region, now));
  const dueSoon = await time(() => listDueSoon(db, region, now, soon));
  const count = await db
    .selectFrom('case_file')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region_code', '=', region)
    .where('terminal', '=', false)
    .where('deadline_at', '<', now)
    .executeTakeFirstOrThrow();
  const plan = await sql<{
    'QUERY PLAN': string;
  }>`explain select * from case_file where region_code = ${region} and not terminal and deadline_at < ${now} order by deadline_at limit 100`.execute(
    db,
  );
  // Baseline: the same queries when PostgreSQL may not use an index (what a per-row scan costs).
  const seq = await db.connection().execute(async (conn) => {
    await sql`set enable_indexscan = off`.execute(conn);
    await sql`set enable_bitmapscan = off`.execute(conn);
    const r = await time(() => listOverdue(conn, region, now));
    await sql`reset all`.execute(conn);
    return r;
  });
  const f = (x: { p50: number; p99: number }) => `p50 ${x.p50.toFixed(2)} ms  p99 ${x.p99.toFixed(2)} ms`;
  console.log(
    `bench:clocks — ${N.toLocaleString('en-US')} cases (${counties.length} counties, 80% open), PostgreSQL at ${url.host}; loaded in ${(loadMs / 1000).toFixed(1)} s`,
  );
  console.log(`  region ${region}: ${count.n.toLocaleString('en-US')} overdue open cases`);
  console.log(
    `  overdue query (first 100 by deadline)     ${f(overdue)}   target < 100 ms: ${overdue.p99 < 100 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  nearly-due query (next 3 days, first 100) ${f(dueSoon)}   target < 100 ms: ${dueSoon.p99 < 100 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  baseline without indexes (seq scan)       ${f(seq)}   → indexed ${(seq.p50 / overdue.p50).toFixed(0)}× faster`,
  );
  console.log(
    `  plan: ${plan.rows
      .map((r) => r['QUERY PLAN'].trim())
      .slice(0, 3)
      .join(' | ')}`,
  );
} finally {
  await handle.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
