/**
 * Command line: `node --import tsx packages/server/src/cli/main.ts <command>` (npm scripts wrap it).
 *   db:migrate                 apply pending migrations (no-op when current)
 *   audit:verify               verify every audit chain (keys, heads, the newest checkpoint); exit 1 listing
 *                              every finding; a clean result writes a new checkpoint
 *   calendar:load-year <file>  load a year's holiday/调休 JSON (as an administrator would through the API)
 *   keys:rotate [--compact]    re-seal every personal value under the current DATA_KEYS key (in batches,
 *                              idempotent); afterwards the older keys can be removed from DATA_KEYS;
 *                              --compact also rewrites the tables (VACUUM FULL, locks them) and the WAL so
 *                              no copy under an old key stays in the files
 * Uses DATABASE_URL / DATA_DIR like the server.
 */
import { readFile } from 'node:fs/promises';
import {
  databaseConfigFrom,
  migrateToLatest,
  openDatabase,
  resealPersonalData,
  scrubPlaintextRemnants,
  useAuditKeyring,
} from '@renshe/db';
import { SYSTEM } from '@renshe/domain/access/actor.ts';
import type { AuditFindingReason } from '@renshe/domain/audit/audit-chain.ts';
import { isDomainError } from '@renshe/domain/errors.ts';
import { LocalFileCheckpointSink } from '../adapters/audit-checkpoint-sink.ts';
import { STANDARD_SCRYPT } from '../auth/password.ts';
import { loadCalendarYear } from '../commands/load-calendar-year.ts';
import { prepareDataDir } from '../data-dir.ts';
import { buildDeps, loadCatalogues } from '../deps.ts';
import { clockFor, readEnv } from '../env.ts';
import { auditCheckpointFileFor, auditKeyringFrom, verifyAudit } from '../services/audit-trail.ts';
import { fieldCipherFrom } from '../services/field-cipher.ts';
import { protectPersonalData } from '../services/personal-data.ts';

const [command, ...args] = process.argv.slice(2);

/** What each audit finding means (docs/SECURITY.md). */
const FINDING_TEXT: Record<AuditFindingReason, string> = {
  hash_mismatch: '记录内容或哈希被改',
  hash_recomputed: '哈希是无密钥的 SHA-256：链被无密钥者重算',
  unknown_key: '记录的密钥编号未配置',
  legacy_after_keyed: '加密钥记录之后出现旧式记录：被降级重算',
  legacy_unsealed: '旧式记录超出最新检查点：迁移后不应出现',
  seq_gap: '序号不连续：中间记录被删',
  prev_hash_mismatch: '前一哈希不符：记录被删或调换',
  tail_missing: '链头超过最后一条记录：链尾被截断',
  head_mismatch: '最后一条记录与链头哈希不符',
  beyond_head: '记录超出链头：库外插入',
  head_missing: '记录所在链没有链头：库外插入的链',
  checkpoint_ahead: '检查点记录的链更长：链尾被截断（链头一并回退）',
  checkpoint_mismatch: '检查点位置的记录哈希不同：历史被替换',
  chain_deleted: '检查点中的链在库中已无记录：整条链被删',
  checkpoint_invalid: '最新检查点无法验证（格式或 MAC）',
};
const env = readEnv();
const keyring = auditKeyringFrom(env);
useAuditKeyring(keyring);
const dataCipher = fieldCipherFrom(env);
protectPersonalData(dataCipher, loadCatalogues().matters);
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
      if (keyring.development)
        console.warn(
          '注意：未配置 AUDIT_HMAC_KEY，使用公开的开发密钥（不防篡改） / using the public development audit key',
        );
      const sink = new LocalFileCheckpointSink(auditCheckpointFileFor(env));
      const v = await verifyAudit({ db: handle.db, clock: clockFor(env), auditCheckpoints: sink });
      const against = v.checkpoint
        ? `对照检查点 ${v.checkpoint.at}（${v.checkpoint.partitions} 条链）`
        : '尚无检查点';
      if (v.ok) {
        console.log(
          `审计链完整：${v.partitions} 条链，${v.rows} 条记录（其中旧式未加密钥 ${v.legacyRows} 条），${against}；已写入新检查点 ${sink.where}`,
        );
      } else {
        const b = v.firstBreak!;
        console.error(
          `审计链断裂：第一条异常记录 id=${b.id ?? '（缺失）'} 链=${b.partition} 序号=${b.seq} 原因=${b.reason}（共校验 ${v.rows} 条，${against}）`,
        );
        for (const f of v.findings)
          console.error(
            `  - ${f.reason}  链=${f.partition} 序号=${f.seq} id=${f.id ?? '（缺失）'}  ${FINDING_TEXT[f.reason]}`,
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
        fieldCipher: dataCipher,
        config: { sessionTtlHours: 12, cookieSecure: false, scrypt: STANDARD_SCRYPT },
      });
      const r = await loadCalendarYear({ ...deps, actor: SYSTEM, requestId: 'cli' }, data);
      console.log(
        `已导入 ${data.year} 年；覆盖年份 ${r.coveredYears[0]}–${r.coveredYears.at(-1)}；` +
          `重新计算在办件 ${r.recompute.examined} 件，时限变化 ${r.recompute.changed.length} 件，跟进任务调整 ${r.recompute.tasksRescheduled} 件`,
      );
      break;
    }
    case 'keys:rotate': {
      if (dataCipher.development)
        console.warn(
          '注意：未配置 DATA_KEYS / DATA_HMAC_KEY，使用公开的开发密钥（不保护个人信息） / using the public development data keys',
        );
      const reports = await resealPersonalData(handle.db, {
        progress: (r) => {
          if (r.examined % 5000 === 0 && r.examined > 0)
            console.log(`  ${r.table}: 已检查 ${r.examined} 行，重新加密 ${r.changed} 行`);
        },
      });
      for (const r of reports) console.log(`${r.table}: 检查 ${r.examined} 行，重新加密 ${r.changed} 行`);
      if (args.includes('--compact')) {
        const c = await scrubPlaintextRemnants(handle.db);
        console.log(
          `已整理 ${c.vacuumed.join('、') || '（无）'}；预写日志：${c.wal === 'switched' ? '已切换并清除旧段' : c.wal}`,
        );
      }
      console.log(
        `个人信息已全部使用当前密钥 ${dataCipher.currentKeyId} 加密；可从 DATA_KEYS 中移除其他密钥（${dataCipher.keyIds.slice(1).join('、') || '无'}）`,
      );
      break;
    }
    default:
      console.error('commands: db:migrate | audit:verify | calendar:load-year <file> | keys:rotate');
      exitCode = 2;
  }
} catch (e) {
  console.error(isDomainError(e) ? `${e.code}: ${e.message} ${JSON.stringify(e.details)}` : e);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
