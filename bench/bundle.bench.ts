/**
 * bench:bundle — complete 出生一件事 submissions (eligibility pre-check + parent + 5 sub-cases + audit +
 * outbox, one transaction) over HTTP to the real server on PostgreSQL, against a pgbench custom script
 * that issues the same transaction's INSERT/UPDATE statements, in the same run. Loopback only, bounded.
 *
 * 1. Creates a throwaway database (PG_TEST_URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *    starts packages/server/src/main.ts on it as a child process (NODE_ENV=production, LOG_LEVEL=warn,
 *    demo data on: the demo registries put a birth 10 days before the server's start date);
 * 2. logs in as the mother (刘芳), then autocannon at 32 connections: a short warm-up, then the measured
 *    run; every request has its own Idempotency-Key, so every 2xx is a new bundle;
 * 3. checks the rows (every 2xx key has its bundle, 5 parts each, no sub-case without its part …);
 * 4. stops the server and runs pgbench (-c 32 -j 2, extended protocol) with one transaction per bundle:
 *    the statements the server issues inside submitBundle's transaction, on the same tables, the same
 *    counter rows and audit partitions, with the JSON payloads of a real submission;
 * 5. prints bundles/s, p50/p99, errors, pgbench TPS and the ratio; drops the database (also on failure).
 * Targets: ≥ 40% of the pgbench TPS, p99 < 100 ms, 0 errors.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { shanghaiDate } from '@renshe/domain/dates.ts';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEMO_ACCOUNTS, demoRegistryData } from '../packages/server/src/demo-data.ts';
import { type BenchServer, startBenchServer } from './server-process.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
/** pgbench on one connection (the cost of one bundle transaction without lock waits). */
const SERIAL = Number(process.env.BENCH_SERIAL_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PGBENCH = process.env.PGBENCH ?? 'pgbench';
/**
 * HTTP server processes (SERVER_PROCESSES): 1 by default, beside the process that runs the background
 * workers (the agency dispatcher works through the outbox during the run); 0: one process doing both.
 * One HTTP process groups more concurrent submissions per transaction than two (measured: docs/BENCHMARKS.md).
 */
const PROCESSES = Number(process.env.BENCH_SERVER_PROCESSES ?? 1);
const adminUrl = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Renshe2026';
const PATH = '/api/v1/bundles/newborn-birth';

/** A string as an SQL literal in a pgbench script: quotes doubled, and no `:word` (pgbench variables). */
const literal = (s: string, json: boolean) =>
  `'${s.replace(/'/g, "''").replace(/:(?=\w)/g, json ? '\\u003a' : '：')}'`;

/** A sealed value (`v1:<keyId>:…`) as an SQL literal in a pgbench script, its colons escaped (E'\x3a'). */
const sealedLiteral = (s: string) => `E'${s.replace(/[\\']/g, (c) => `\\${c}`).replace(/:/g, '\\x3a')}'`;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const name = `renshe_bench_bundle_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${name}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const db = new pg.Client({ connectionString: dbUrl.toString() });
const scratch = await mkdtemp(join(tmpdir(), 'renshe-bench-bundle-'));
// One newborn per submission (one bundle per birth): the demo parents' births BENCH-000000 … in a file the
// server adds to its local registries.
const BIRTHS = 40_000;
const registryFile = join(scratch, 'births.json');
{
  const template = demoRegistryData(shanghaiDate(new Date())).births[0]!;
  const births = Array.from({ length: BIRTHS }, (_, i) => ({
    ...template,
    recordNumber: `BENCH-${String(i).padStart(6, '0')}`,
  }));
  await writeFile(registryFile, JSON.stringify({ births }));
}
let server: BenchServer | undefined;
const stopServer = async () => server?.stop();

try {
  const loadBefore = load();
  server = await startBenchServer({
    DATABASE_URL: dbUrl.toString(),
    // One database connection per HTTP connection (the server's default is 20), over its processes.
    DATABASE_POOL_SIZE:
      process.env.DATABASE_POOL_SIZE ?? String(Math.ceil(CONNECTIONS / Math.max(PROCESSES, 1))),
    SERVER_PROCESSES: PROCESSES > 0 ? String(PROCESSES) : '',
    DEMO_DATA: 'true',
    REGISTRY_DATA_FILE: registryFile,
  });
  const { base } = server;
  await db.connect();
  // A citizen's 身份证号 is stored only sealed: the demo accounts name them.
  const person = async (displayName: string) => {
    const a = DEMO_ACCOUNTS.find((x) => x.displayName === displayName && x.kind === 'citizen');
    if (!a) throw new Error(`demo citizen ${displayName} missing`);
    return { login_name: a.loginName };
  };
  const mother = await person('刘芳');
  const father = await person('王晓明');

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName: mother.login_name, password: PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('renshe_session='));
  if (!login.ok || !cookie) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const headers = { 'content-type': 'application/json', cookie };
  let births = 0;
  const bodyFor = () =>
    JSON.stringify({
      form: {
        childName: '王小禾',
        birthRecordNumber: `BENCH-${String(births++ % BIRTHS).padStart(6, '0')}`,
        motherIdNumber: mother.login_name,
        fatherIdNumber: father.login_name,
        settleWith: 'father',
        phone: '13900005678',
      },
    });
  const body = bodyFor();

  // Sanity: one submission creates a bundle before anything is measured (its rows feed the pgbench script).
  const probe = await fetch(`${base}${PATH}`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': 'bench-probe-0001' },
    body,
  });
  const probeBody = (await probe.json()) as { bundleNumber?: string; created?: boolean };
  if (probe.status !== 201 || !probeBody.created)
    throw new Error(`probe submission failed: ${probe.status} ${JSON.stringify(probeBody)}`);

  /** Idempotency keys answered with 2xx (each must have its bundle). */
  const created = new Set<string>();
  let seq = 0;
  const run = (title: string, duration: number) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      duration,
      title,
      requests: [
        {
          method: 'POST',
          path: PATH,
          headers,
          body,
          setupRequest: (req, context) => {
            const key = `bench-${title}-${++seq}`;
            (context as { key?: string }).key = key;
            return { ...req, body: bodyFor(), headers: { ...req.headers, 'idempotency-key': key } };
          },
          onResponse: (status, _body, context) => {
            if (status >= 200 && status < 300) created.add((context as { key: string }).key);
          },
        },
      ],
    });
  const warm = await run('warm-up', WARMUP);
  const main = await run('bundle', DURATION);
  const loadDuring = load();
  // Requests cut off by autocannon at the end of a run may still commit: let them finish.
  await new Promise((r) => setTimeout(r, 1000));
  const dispatched = await db.query<{ n: string }>(
    `select count(*) as n from outbox where channel = 'agency' and sent_at is not null`,
  );
  await stopServer();

  // Rows.
  const one = async (q: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(q, params)).rows[0]!.n);
  const writes = async (keyLike: string) => ({
    bundle: await one(`select count(*) as n from bundle where idempotency_key like $1`, [keyLike]),
    part: await one(
      `select count(*) as n from bundle_part p join bundle b using (bundle_number) where b.idempotency_key like $1`,
      [keyLike],
    ),
    caseFile: await one(
      `select count(*) as n from case_file c join bundle_part p using (case_number) join bundle b using (bundle_number)
       where b.idempotency_key like $1`,
      [keyLike],
    ),
    firstEvent: await one(
      `select count(*) as n from case_event e join bundle_part p using (case_number) join bundle b using (bundle_number)
       where e.seq = 1 and b.idempotency_key like $1`,
      [keyLike],
    ),
    agencyOutbox: await one(
      `select count(*) as n from outbox o join bundle_part p on p.case_number = o.ref join bundle b using (bundle_number)
       where o.channel = 'agency' and b.idempotency_key like $1`,
      [keyLike],
    ),
    smsOutbox: await one(
      `select count(*) as n from outbox o join bundle b on b.bundle_number = o.ref
       where o.channel = 'sms' and b.idempotency_key like $1`,
      [keyLike],
    ),
  });
  const http = await writes('bench-%');
  const httpAudit = await one(`select count(*) as n from audit_log where action = 'bundle.create'`);
  const keysWithBundle = await one(
    `select count(*) as n from bundle where idempotency_key = any($1::text[])`,
    [[...created]],
  );
  const orphans = await one(
    `select count(*) as n from case_file c where not exists (select 1 from bundle_part p where p.case_number = c.case_number)`,
  );
  const twoXX = 1 + warm['2xx'] + main['2xx'];
  const rowsOk =
    keysWithBundle === created.size &&
    created.size + 1 === twoXX &&
    http.bundle >= twoXX &&
    http.bundle - twoXX <= 2 * CONNECTIONS &&
    http.part === 5 * http.bundle &&
    http.caseFile === 5 * http.bundle &&
    http.firstEvent === 5 * http.bundle &&
    httpAudit === http.bundle &&
    http.agencyOutbox === 5 * http.bundle &&
    http.smsOutbox === http.bundle &&
    orphans === 0;

  // The pgbench script: submitBundle's transaction, statement by statement, with the probe's payloads.
  const b = (
    await db.query<{
      bundle_number: string;
      applicant_id: string;
      region_code: string;
      department_code: string;
      form: string;
      eligibility: string;
    }>(
      `select bundle_number, applicant_id, region_code, department_code, form::text as form, eligibility::text as eligibility from bundle where bundle_number = $1`,
      [probeBody.bundleNumber],
    )
  ).rows[0]!;
  const parts = (
    await db.query<{
      case_number: string;
      matter_code: string;
      region_code: string;
      department_code: string;
      event_body: string;
      outbox_body: string;
    }>(
      `select c.case_number, c.matter_code, c.region_code, c.department_code, e.body::text as event_body, o.body as outbox_body
       from bundle_part p join case_file c using (case_number)
       join case_event e on e.case_number = c.case_number and e.seq = 1
       join outbox o on o.ref = c.case_number and o.channel = 'agency'
       where p.bundle_number = $1 order by c.case_number`,
      [b.bundle_number],
    )
  ).rows;
  const audit = (
    await db.query<{ partition: string; details: string; actor_kind: string }>(
      `select partition, details::text as details, actor_kind from audit_log where action = 'bundle.create' and resource_type = 'bundle' limit 1`,
    )
  ).rows[0]!;
  // The SMS row as the server wrote it: its recipient sealed (like the personal fields in the JSON above).
  const sms = (
    await db.query<{ recipient: string; body: string }>(
      `select recipient, body from outbox where channel = 'sms' and ref = $1`,
      [b.bundle_number],
    )
  ).rows[0]!;
  // Numbers are <prefix>-<sequence>-<5 random digits + check digit>: the counter is keyed by the prefix.
  const bPrefix = b.bundle_number.replace(/-\d{6}-\d{6}$/, '');
  const cPrefix = parts[0]!.case_number.replace(/-\d{6}-\d{6}$/, '');
  const auditRegion = audit.partition.split('/')[0]!;
  // jsonb's text form (`"key": value`): a colon followed by a word character is inside a string.
  const j = (v: string) => literal(v, true);
  const t = (s: string) => literal(s, false);
  const bundleNo = `${t(`${bPrefix}-`)} || lpad(:b::text, 6, '0') || '-000000'`;
  const caseNo = (i: number) =>
    `${t(`${cPrefix}-`)} || lpad((:c::int - ${parts.length - 1 - i})::text, 6, '0') || '-000000'`;
  const rows = (f: (p: (typeof parts)[number], i: number) => string) => parts.map(f).join(', ');
  const lines = [
    '\\set shard random(0, 15)',
    // Case numbers are reserved before the transaction, one statement per prefix (as the server does).
    `WITH u AS (INSERT INTO case_counter (prefix, last) VALUES (${t(cPrefix)}, ${parts.length}), (${t(bPrefix)}, 1) ON CONFLICT (prefix) DO UPDATE SET last = case_counter.last + excluded.last RETURNING prefix, last) SELECT max(last) FILTER (WHERE prefix = ${t(bPrefix)}) AS b, max(last) FILTER (WHERE prefix = ${t(cPrefix)}) AS c FROM u \\gset`,
    'BEGIN;',
    `INSERT INTO bundle (bundle_number, birth_record, bundle_code, bundle_version, applicant_id, region_code, department_code, form, eligibility, status, idempotency_key, created_at, updated_at) VALUES (${bundleNo}, 'PGBENCH-' || :b::text, 'newborn-birth', 1, ${t(b.applicant_id)}, ${t(b.region_code)}, ${t(b.department_code)}, ${j(b.form)}, ${j(b.eligibility)}, 'in_progress', 'pgbench-' || :b::text, now(), now());`,
    `INSERT INTO case_file (case_number, matter_code, matter_version, applicant_id, region_code, department_code, state, terminal, clock_state, event_count, deadline_at, warn_at, closed_at, closed_on_time, idempotency_key, created_at, updated_at) VALUES ${rows((p, i) => `(${caseNo(i)}, ${t(p.matter_code)}, 1, ${t(b.applicant_id)}, ${t(p.region_code)}, ${t(p.department_code)}, 'submitted', false, 'not_started', 1, NULL, NULL, NULL, NULL, NULL, now(), now())`)};`,
    `INSERT INTO case_event (case_number, seq, at, actor_id, actor_role, action, kind, from_state, to_state, body) VALUES ${rows((p, i) => `(${caseNo(i)}, 1, now(), ${t(b.applicant_id)}, 'applicant', 'submit', 'submit', 'draft', 'submitted', ${j(p.event_body)})`)};`,
    `INSERT INTO bundle_part (bundle_number, matter_code, case_number, delivery, status, updated_at) VALUES ${rows((p, i) => `(${bundleNo}, ${t(p.matter_code)}, ${caseNo(i)}, 'pending', 'dispatching', now())`)};`,
    `INSERT INTO outbox (channel, recipient, body, ref, created_at, next_attempt_at) VALUES ${rows((p, i) => `('agency', ${t(p.department_code)}, ${t(p.outbox_body)}, ${caseNo(i)}, now(), now())`)}, ('sms', ${sealedLiteral(sms.recipient)}, ${t(sms.body)}, ${bundleNo}, now(), now());`,
    // The audit row last, as the server does: the chain head is locked until the commit.
    `INSERT INTO audit_chain_head (partition, seq, hash) VALUES (${t(`${auditRegion}/`)} || :shard::text, 0, repeat('0', 64)) ON CONFLICT (partition) DO UPDATE SET seq = audit_chain_head.seq RETURNING seq, hash \\gset`,
    `WITH appended AS (INSERT INTO audit_log (partition, seq, at, actor_id, actor_kind, action, resource_type, resource_id, region_code, request_id, details, prev_hash, hash) VALUES (${t(`${auditRegion}/`)} || :shard::text, :seq::int + 1, now(), ${t(b.applicant_id)}, ${t(audit.actor_kind)}, 'bundle.create', 'bundle', ${bundleNo}, ${t(auditRegion)}, gen_random_uuid()::text, ${j(audit.details)}, :hash::text, encode(sha256(convert_to(:hash::text || :b::text, 'UTF8')), 'hex')) RETURNING seq) UPDATE audit_chain_head SET seq = :seq::int + 1, hash = encode(sha256(convert_to(:hash::text || :b::text, 'UTF8')), 'hex') WHERE partition = ${t(`${auditRegion}/`)} || :shard::text;`,
    'COMMIT;',
  ];
  const script = join(scratch, 'bundle.sql');
  await writeFile(script, `${lines.join('\n')}\n`);
  const statements = lines.filter((l) => !l.startsWith('\\') && l !== 'BEGIN;' && l !== 'COMMIT;').length;

  const pgbench = (clients: number, seconds: number) =>
    new Promise<{ tps: number; p50: number; p99: number; tx: number; failed: number }>((resolve, reject) => {
      const p = spawn(
        PGBENCH,
        [
          '-n',
          '-M',
          'extended',
          '-c',
          String(clients),
          '-j',
          String(Math.min(2, clients)),
          '-T',
          String(seconds),
          '-f',
          script,
          '-l',
          `--log-prefix=${join(scratch, `pgbench-${clients}`)}`,
          '-h',
          dbUrl.hostname,
          '-p',
          dbUrl.port || '5432',
          '-U',
          decodeURIComponent(dbUrl.username || 'postgres'),
          name,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      p.stdout.on('data', (d) => {
        out += d;
      });
      p.stderr.on('data', (d) => {
        out += d;
      });
      p.on('error', reject);
      p.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`pgbench exited ${code}:\n${out}`));
        const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? Number.NaN);
        // Per-transaction log lines: client_id transaction_no latency_us script_no epoch us.
        readdir(scratch)
          .then((files) =>
            Promise.all(
              files
                .filter((f) => f.startsWith(`pgbench-${clients}.`))
                .map((f) => readFile(join(scratch, f), 'utf8')),
            ),
          )
          .then((logs) => {
            const us = logs
              .flatMap((l) => l.split('\n'))
              .filter(Boolean)
              .map((l) => Number(l.split(' ')[2]))
              .sort((a, b) => a - b);
            const pct = (q: number) => (us[Math.min(us.length - 1, Math.floor(us.length * q))] ?? 0) / 1000;
            resolve({
              tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
              p50: pct(0.5),
              p99: pct(0.99),
              tx: num(/number of transactions actually processed: (\d+)/),
              failed: num(/number of failed transactions: (\d+)/) || 0,
            });
          }, reject);
      });
    });
  const bench32 = await pgbench(CONNECTIONS, DURATION);
  const loadPgbench = load();
  // The same script on one connection: what one bundle transaction costs when nobody waits for a lock.
  const serial = await pgbench(1, SERIAL);
  const tps = bench32.tps;
  const pgTx = bench32.tx + serial.tx;
  const pgRows = await writes('pgbench-%');
  const pgAudit =
    (await one(`select count(*) as n from audit_log where action = 'bundle.create'`)) - httpAudit;
  const pgOk =
    pgRows.bundle === pgTx &&
    pgRows.part === 5 * pgTx &&
    pgRows.caseFile === 5 * pgTx &&
    pgRows.firstEvent === 5 * pgTx &&
    pgRows.agencyOutbox === 5 * pgTx &&
    pgRows.smsOutbox === pgTx &&
    pgAudit === pgTx;

  const rate = main['2xx'] / main.duration;
  const errors = main.errors + main.timeouts + main.non2xx + warm.errors + warm.timeouts + warm.non2xx;
  const ratio = rate / tps;
  const per = (r: Awaited<ReturnType<typeof writes>>) =>
    r.bundle
      ? [r.part, r.caseFile, r.firstEvent, r.agencyOutbox, r.smsOutbox]
          .map((x) => (x / r.bundle).toFixed(0))
          .join(' / ')
      : '-';
  const ok = (b: boolean) => (b ? 'met' : 'NOT met');
  const row = (what: string, rate: string, p50: number, p99: number, errs: number) =>
    `  ${what.padEnd(46)} ${rate.padStart(15)}   p50 ${p50.toFixed(0).padStart(5)} ms   p99 ${p99.toFixed(0).padStart(5)} ms   errors ${errs}`;
  console.log(
    `bench:bundle — ${CONNECTIONS} connections, ${DURATION} s (after ${WARMUP} s warm-up), loopback, ${PROCESSES ? `${PROCESSES} HTTP process(es) + background process` : 'one process (HTTP and background)'}, PostgreSQL at ${dbUrl.host} (Node ${process.version})`,
  );
  console.log(
    row(
      `renshe POST ${PATH}`,
      `${rate.toFixed(1)} bundles/s`,
      main.latency.p50,
      main.latency.p99,
      main.errors + main.timeouts + main.non2xx,
    ),
  );
  console.log(
    row(
      `pgbench, same tx (${statements} statements), ${CONNECTIONS} clients`,
      `${tps.toFixed(1)} tps`,
      bench32.p50,
      bench32.p99,
      bench32.failed,
    ),
  );
  console.log(
    row(
      `pgbench, same tx, 1 client (${SERIAL} s)`,
      `${serial.tps.toFixed(1)} tps`,
      serial.p50,
      serial.p99,
      serial.failed,
    ),
  );
  console.log(
    `  rows per bundle (parts / sub-cases / first events / agency outbox / sms): renshe ${per(http)}   pgbench ${per(pgRows)}`,
  );
  console.log(
    `  rows check: ${rowsOk ? 'ok' : 'FAILED'} — ${http.bundle} bundles for ${twoXX} 2xx (${http.bundle - twoXX} committed after autocannon stopped waiting), ${http.part} parts, ${orphans} sub-cases without part, ${httpAudit} bundle.create audit rows; pgbench rows ${pgOk ? 'ok' : 'FAILED'} (${pgRows.bundle} bundles for ${pgTx} tx)`,
  );
  console.log(
    `  background: ${dispatched.rows[0]!.n} agency deliveries applied by the server's dispatcher during the HTTP run; load average before ${loadBefore}, after HTTP ${loadDuring}, after pgbench ${loadPgbench}`,
  );
  console.log(
    `  renshe / pgbench: ${(ratio * 100).toFixed(1)}%   targets: ≥ 40% ${ok(ratio >= 0.4)}, p99 < 100 ms ${ok(main.latency.p99 < 100)}, 0 errors (warm-up included) ${ok(errors === 0)}`,
  );
  if (!rowsOk || !pgOk) process.exitCode = 1;
} finally {
  await stopServer();
  await db.end().catch(() => {});
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await rm(scratch, { recursive: true, force: true });
}
