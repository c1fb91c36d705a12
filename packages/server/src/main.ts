/**
 * Starts the platform: embedded PGlite in DATA_DIR (or DATABASE_URL), migrations, calendar, demo data,
 * then the HTTP server with the API, /docs and the web shell, and the background workers (durable timers,
 * agency dispatch, notification outbox, signed audit checkpoints).
 *
 * SERVER_PROCESSES=N (PostgreSQL only): this process migrates and loads demo data, then forks N HTTP
 * processes (node:cluster; they share the port, and this process only hands them new connections) and one
 * background process at lower CPU priority for the workers; each opens its own pool. Nothing a process
 * keeps in memory is written by another (the department directory is written only by the demo data, before
 * the fork; a calendar year loaded through one process is relayed to the others), so they need no
 * coordination beyond the database.
 */
import cluster, { type Worker } from 'node:cluster';
import { constants, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { databaseConfigFrom, migrateToLatest, openDatabase, useAuditKeyring } from '@renshe/db';
import { shanghaiDate } from '@renshe/domain/dates.ts';
import { maskPhone } from '@renshe/domain/privacy/mask.ts';
import pino from 'pino';
import { LocalFileCheckpointSink } from './adapters/audit-checkpoint-sink.ts';
import { LocalCivilRegistries, registryDataWith } from './adapters/civil-registries.ts';
import { LocalSms } from './adapters/sms.ts';
import { buildApp, loggerOptions } from './app.ts';
import { STANDARD_SCRYPT } from './auth/password.ts';
import { recomputeSettledProvisionalClocks } from './commands/recompute-clocks.ts';
import type { AppDeps } from './context.ts';
import { prepareDataDir } from './data-dir.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoRegistryData, loadDemoData } from './demo-data.ts';
import { buildDeps, loadCatalogues } from './deps.ts';
import { clockFor, readEnv } from './env.ts';
import { auditCheckpointFileFor, auditKeyringFrom, writeAuditCheckpoint } from './services/audit-trail.ts';
import { fieldCipherFrom } from './services/field-cipher.ts';
import { protectPersonalData } from './services/personal-data.ts';
import { dispatchAgencies } from './workers/agency-dispatch.ts';
import { runHousekeeping } from './workers/housekeeping.ts';
import { dispatchOutbox } from './workers/outbox.ts';
import { runDueTimers } from './workers/timers.ts';

const env = readEnv();
const forks = env.SERVER_PROCESSES ?? 0;
/** What this process does: everything (no forks), or one part of a forked deployment. */
type Role = 'single' | 'primary' | 'http' | 'background';
const role: Role = forks === 0 ? 'single' : cluster.isPrimary ? 'primary' : (process.env.RENSHE_ROLE as Role);
const dbConfig = databaseConfigFrom(env.DATABASE_URL, env.DATA_DIR, env.DATABASE_POOL_SIZE);
if (dbConfig.driver === 'pglite') {
  const problem = prepareDataDir(env.DATA_DIR);
  if (problem) {
    console.error(problem);
    process.exit(78); // EX_CONFIG, as for a bad variable
  }
}
// Every audit row this process writes is an HMAC under the configured key (docs/SECURITY.md).
const auditKeys = auditKeyringFrom(env);
useAuditKeyring(auditKeys);
// Personal data is sealed with the configured keys, from the first migration on (docs/SECURITY.md).
const dataCipher = fieldCipherFrom(env);
protectPersonalData(dataCipher, loadCatalogues().matters);
// Everything takes the time from this clock (deps.clock): the machine's, or the test-only RENSHE_TEST_NOW.
const clock = clockFor(env);
const handle = await openDatabase(dbConfig);
const applied = role === 'single' || role === 'primary' ? await migrateToLatest(handle.db) : [];
const deps = await buildDeps({
  db: handle.db,
  clock,
  registries: new LocalCivilRegistries(
    await registryDataWith(demoRegistryData(shanghaiDate(clock.now())), env.REGISTRY_DATA_FILE),
  ),
  auditCheckpoints: new LocalFileCheckpointSink(auditCheckpointFileFor(env)),
  fieldCipher: dataCipher,
  config: {
    sessionTtlHours: env.SESSION_TTL_HOURS,
    cookieSecure: env.COOKIE_SECURE ?? (env.NODE_ENV === 'production' ? true : 'auto'),
    ...(env.SITE_ORIGINS ? { siteOrigins: env.SITE_ORIGINS } : {}),
    scrypt: STANDARD_SCRYPT,
  },
});
if ((role === 'single' || role === 'primary') && env.DEMO_DATA) await loadDemoData(deps);

const app =
  role === 'single' || role === 'http'
    ? await buildApp({
        deps,
        logLevel: env.LOG_LEVEL,
        validateResponses: env.NODE_ENV !== 'production',
        webDist: fileURLToPath(new URL('../../web/dist', import.meta.url)),
        trustedProxies: env.TRUSTED_PROXIES,
      })
    : null;
if (app) await app.listen({ host: env.HOST, port: env.PORT });
// The background process logs like the HTTP ones: masked, errors without query values.
const log = app?.log ?? pino(loggerOptions(env.LOG_LEVEL) as pino.LoggerOptions);
if (auditKeys.development && (role === 'single' || role === 'primary'))
  log.warn('AUDIT_HMAC_KEY not set: audit rows are signed with the public development key (no protection)');
if (dataCipher.development && (role === 'single' || role === 'primary'))
  log.warn(
    'DATA_KEYS / DATA_HMAC_KEY not set: personal data is sealed with the public development keys (no protection)',
  );

/** Signed checkpoints of the audit chain heads, outside the database: at start, then every N minutes. */
function startAuditCheckpoints(d: AppDeps): () => void {
  const write = () =>
    writeAuditCheckpoint(d).then(
      (w) => {
        if (w.kept.length)
          log.error(
            { kept: w.kept },
            'audit chains behind their last checkpoint (deleted, cut off or rewritten)',
          );
        if (w.previousProblem)
          log.error({ problem: w.previousProblem }, 'the last audit checkpoint does not verify');
      },
      (e) => log.error({ err: e }, 'audit checkpoint failed'),
    );
  void write();
  const every = setInterval(write, env.AUDIT_CHECKPOINT_MINUTES * 60_000);
  return () => clearInterval(every);
}

/** Durable timers, agency dispatch and the notification outbox, every few seconds (the rows are the state). */
function startBackgroundWorkers(d: AppDeps): () => void {
  // The local gateway: in development each text (with its code) is shown in the log, the phone masked.
  const sms = new LocalSms(
    d.clock,
    env.NODE_ENV === 'production'
      ? undefined
      : (phone, text) => log.info(`本地短信 → ${maskPhone(phone)}：${text}`),
  );
  let ticking = false;
  const tick = setInterval(async () => {
    if (ticking) return;
    ticking = true;
    try {
      // First: clocks still 「预计」 over a year loaded since (another process, or a crash mid-recompute).
      const recomputed = await recomputeSettledProvisionalClocks(d);
      if (recomputed?.changed.length) log.info({ changed: recomputed.changed.length }, 'clocks recomputed');
      for (const f of recomputed?.failed ?? []) log.error(f, 'clock recomputation failed');
      const kept = await runHousekeeping(d);
      for (const error of kept?.errors ?? []) log.error({ error }, 'housekeeping step failed');
      const run = await runDueTimers(d);
      for (const f of run.failedRegions)
        log.error({ region: f.region, error: f.error }, 'timer region failed');
      await dispatchAgencies(d);
      await dispatchOutbox(d, sms);
    } catch (e) {
      log.error({ err: e }, 'worker tick failed');
    } finally {
      ticking = false;
    }
  }, 5000);
  return () => clearInterval(tick);
}

// A calendar year loaded through one HTTP process is re-read by every other process (through the primary).
const CALENDAR_CHANGED = 'renshe:calendar-changed';
if (cluster.isWorker) {
  deps.calendar.onReplace(() => process.send?.(CALENDAR_CHANGED));
  process.on('message', (m) => {
    if (m === CALENDAR_CHANGED)
      deps.calendar.reload(deps.db).catch((e) => log.error({ err: e }, 'calendar reload'));
  });
} else {
  cluster.on('message', (from, m) => {
    if (m !== CALENDAR_CHANGED) return;
    for (const w of Object.values(cluster.workers ?? {})) if (w && w !== from) w.send(CALENDAR_CHANGED);
  });
}

const stops: (() => Promise<void> | void)[] = [];
if (role === 'single') stops.push(startBackgroundWorkers(deps), startAuditCheckpoints(deps));
if (role === 'background') {
  // Yields the CPU to the HTTP processes: a burst of deliveries never holds up a request.
  setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  stops.push(startBackgroundWorkers(deps), startAuditCheckpoints(deps));
}
if (role === 'primary') {
  const started = (worker: Worker, event: 'listening' | 'online') =>
    new Promise<void>((resolve, reject) => {
      worker.once(event, () => resolve());
      worker.once('exit', (code) => reject(new Error(`server process exited with ${code} while starting`)));
    });
  // Under RENSHE_TEST_NOW each process starts its clock where this one is now (not back at the start).
  const forkEnv = (r: Role) => ({
    RENSHE_ROLE: r,
    ...(env.RENSHE_TEST_NOW ? { RENSHE_TEST_NOW: clock.now().toISOString() } : {}),
  });
  const http = Array.from({ length: forks }, () => started(cluster.fork(forkEnv('http')), 'listening'));
  const background = started(cluster.fork(forkEnv('background')), 'online');
  // A process that dies takes the service down with it (a supervisor restarts the whole).
  await Promise.all([...http, background]).catch((e: Error) => {
    log.fatal(e.message);
    process.exit(1);
  });
  cluster.on('exit', (w, code, signal) => {
    if (shuttingDown) return;
    log.fatal({ pid: w.process.pid, code, signal }, 'server process exited');
    process.exit(1);
  });
  // Stops the processes and waits (up to 10 s) until they have closed their requests and pools.
  stops.push(async () => {
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const gone = workers.map(
      (w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))),
    );
    for (const w of workers) w.process.kill('SIGTERM');
    await Promise.race([Promise.all(gone), new Promise((r) => setTimeout(r, 10_000))]);
  });
}
if (role === 'single' || role === 'primary') {
  const base = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
  const where =
    dbConfig.driver === 'pglite'
      ? `PGlite（嵌入式，数据目录 ${env.DATA_DIR}）`
      : 'PostgreSQL（DATABASE_URL）';
  const lines = [
    '',
    `renshe 人社一网通办 已启动  数据库：${where}${applied.length ? `，新执行迁移 ${applied.join(', ')}` : ''}${forks ? `，${forks} 个服务进程（另有后台任务进程）` : ''}`,
    `  网页：${base}/`,
    `  接口文档：${base}/docs`,
  ];
  if (env.RENSHE_TEST_NOW)
    lines.push(`  测试时钟（RENSHE_TEST_NOW）：从 ${env.RENSHE_TEST_NOW.toISOString()} 起随实际时间走`);
  if (env.DEMO_DATA) {
    lines.push(`  演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.loginName.padEnd(20)} ${a.displayName}（${a.note}）`);
  }
  console.log(lines.join('\n'));
}

let shuttingDown = false;
// A repeated signal during shutdown is ignored (a process group's SIGTERM reaches the HTTP processes from
// the terminal or supervisor and again from the primary); SIGKILL remains for a shutdown that hangs.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    for (const stop of stops) await stop();
    await app?.close();
    await handle.close();
    process.exit(0);
  });
}
