/**
 * Starts the platform: embedded PGlite in DATA_DIR (or DATABASE_URL), migrations, calendar, demo data,
 * then the HTTP server with the API, /docs and the web shell.
 */
import { fileURLToPath } from 'node:url';
import { databaseConfigFrom, migrateToLatest, openDatabase } from '@renshe/db';
import { shanghaiDate, systemClock } from '@renshe/domain/dates.ts';
import { LocalCivilRegistries, registryDataWith } from './adapters/civil-registries.ts';
import { LocalSms } from './adapters/sms.ts';
import { buildApp } from './app.ts';
import { STANDARD_SCRYPT } from './auth/password.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoRegistryData, loadDemoData } from './demo-data.ts';
import { buildDeps } from './deps.ts';
import { readEnv } from './env.ts';
import { dispatchAgencies } from './workers/agency-dispatch.ts';
import { dispatchOutbox } from './workers/outbox.ts';
import { runDueTimers } from './workers/timers.ts';

const env = readEnv();
const dbConfig = databaseConfigFrom(env.DATABASE_URL, env.DATA_DIR, env.DATABASE_POOL_SIZE);
const handle = await openDatabase(dbConfig);
const applied = await migrateToLatest(handle.db);
const deps = await buildDeps({
  db: handle.db,
  clock: systemClock,
  registries: new LocalCivilRegistries(
    await registryDataWith(demoRegistryData(shanghaiDate(systemClock.now())), env.REGISTRY_DATA_FILE),
  ),
  config: {
    sessionTtlHours: env.SESSION_TTL_HOURS,
    cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    scrypt: STANDARD_SCRYPT,
  },
});
if (env.DEMO_DATA) await loadDemoData(deps);
const app = await buildApp({
  deps,
  logLevel: env.LOG_LEVEL,
  validateResponses: env.NODE_ENV !== 'production',
  webDist: fileURLToPath(new URL('../../web/dist', import.meta.url)),
});
await app.listen({ host: env.HOST, port: env.PORT });

// Durable timers and the notification outbox, every few seconds (the rows are the state; a restart resumes).
const sms = new LocalSms();
let ticking = false;
const tick = setInterval(async () => {
  if (ticking) return;
  ticking = true;
  try {
    const run = await runDueTimers(deps);
    for (const f of run.failedRegions)
      app.log.error({ region: f.region, error: f.error }, 'timer region failed');
    await dispatchAgencies(deps);
    await dispatchOutbox(deps, sms);
  } catch (e) {
    app.log.error({ err: e }, 'worker tick failed');
  } finally {
    ticking = false;
  }
}, 5000);

const base = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
const where =
  dbConfig.driver === 'pglite' ? `PGlite（嵌入式，数据目录 ${env.DATA_DIR}）` : 'PostgreSQL（DATABASE_URL）';
const lines = [
  '',
  `renshe 人社一网通办 已启动  数据库：${where}${applied.length ? `，新执行迁移 ${applied.join(', ')}` : ''}`,
  `  网页：${base}/`,
  `  接口文档：${base}/docs`,
];
if (env.DEMO_DATA) {
  lines.push(`  演示账号（密码均为 ${DEMO_PASSWORD}）：`);
  for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.loginName.padEnd(20)} ${a.displayName}（${a.note}）`);
}
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    clearInterval(tick);
    await app.close();
    await handle.close();
    process.exit(0);
  });
}
