/**
 * Command line: `node --import tsx packages/server/src/cli/main.ts <command>` (npm scripts wrap it).
 *   db:migrate                 apply pending migrations (no-op when current)
 *   audit:verify               verify every audit chain; exit 1 naming the first broken row
 *   calendar:load-year <file>  load a year's holiday/调休 JSON (as an administrator would through the API)
 * Uses DATABASE_URL / DATA_DIR like the server.
 */
import { readFile } from 'node:fs/promises';
import { databaseConfigFrom, migrateToLatest, openDatabase, verifyAuditChains } from '@renshe/db';
import { SYSTEM } from '@renshe/domain/access/actor.ts';
import { isDomainError } from '@renshe/domain/errors.ts';
import { STANDARD_SCRYPT } from '../auth/password.ts';
import { loadCalendarYear } from '../commands/load-calendar-year.ts';
import { prepareDataDir } from '../data-dir.ts';
import { buildDeps } from '../deps.ts';
import { clockFor, readEnv } from '../env.ts';

const [command, ...args] = process.argv.slice(2);
const env = readEnv();
const config = databaseConfigFrom(env.DATABASE_URL, env.DATA_DIR);
const badDataDir = config.driver === 'pglite' ? prepareDataDir(env.DATA_DIR) : null;
if (badDataDir) {
  console.error(badDataDir);
  process.exit(78);
}
const handle = await openDatabase(config);
let exitCode = 0;
try {
  await migrateToLatest(handle.db).then((applied) => {
    if (command === 'db:migrate')
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is current');
  });
  switch (command) {
    case 'db:migrate':
      break;
    case 'audit:verify': {
      const v = await verifyAuditChains(handle.db);
      if (v.ok) {
        console.log(`审计链完整：${v.partitions} 条链，${v.rows} 条记录`);
      } else {
        const b = v.firstBreak!;
        console.error(
          `审计链断裂：第一条异常记录 id=${b.id ?? '（缺失）'} 链=${b.partition} 序号=${b.seq} 原因=${b.reason}（共校验 ${v.rows} 条）`,
        );
        exitCode = 1;
      }
      break;
    }
    case 'calendar:load-year': {
      if (!args[0]) throw new Error('usage: calendar:load-year <file.json>');
      const data = JSON.parse(await readFile(args[0], 'utf8'));
      const deps = await buildDeps({
        db: handle.db,
        clock: clockFor(env),
        config: { sessionTtlHours: 12, cookieSecure: false, scrypt: STANDARD_SCRYPT },
      });
      const r = await loadCalendarYear({ ...deps, actor: SYSTEM, requestId: 'cli' }, data);
      console.log(
        `已导入 ${data.year} 年；覆盖年份 ${r.coveredYears[0]}–${r.coveredYears.at(-1)}；` +
          `重新计算在办件 ${r.recompute.examined} 件，时限变化 ${r.recompute.changed.length} 件，跟进任务调整 ${r.recompute.tasksRescheduled} 件`,
      );
      break;
    }
    default:
      console.error('commands: db:migrate | audit:verify | calendar:load-year <file>');
      exitCode = 2;
  }
} catch (e) {
  console.error(isDomainError(e) ? `${e.code}: ${e.message} ${JSON.stringify(e.details)}` : e);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
