/**
 * Key rotation of personal data at rest (`npm run keys:rotate`): every sealed value not under the current
 * key is opened and sealed again under it (and a personal value still plain, sealed), table by table in key
 * order, one transaction per batch with the batch's rows locked. Idempotent: a second run changes nothing.
 * Lookup hashes are not touched (they do not depend on DATA_KEYS).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { personalData, resealPersonal, resealText } from '../personal-data.ts';
import type { Database } from '../schema.ts';

/** What a rotation did to one table. */
export interface ResealReport {
  table: string;
  examined: number;
  changed: number;
}

interface Target {
  table: keyof Database;
  key: string[];
  text?: string[];
  json?: string[];
  where?: RawBuilder<boolean>;
  /** The append-only trigger admits a body-only update in a transaction that says so (migration 0010). */
  reseal?: boolean;
}

const TARGETS: Target[] = [
  { table: 'account', key: ['id'], text: ['login_name_enc', 'phone_enc'] },
  { table: 'outbox', key: ['id'], text: ['recipient'], where: sql<boolean>`channel = 'sms'` },
  { table: 'bundle', key: ['bundle_number'], json: ['form', 'eligibility'] },
  { table: 'bundle_part', key: ['case_number'], json: ['result'] },
  { table: 'case_event', key: ['case_number', 'seq'], json: ['body'], reseal: true },
];

/**
 * Re-seals every personal value under the current key, `batchSize` rows per transaction; `progress` hears
 * about each batch. Returns what was examined and changed per table.
 */
export async function resealPersonalData(
  db: Kysely<Database>,
  opts: { batchSize?: number; progress?: (r: ResealReport) => void } = {},
): Promise<ResealReport[]> {
  const batch = opts.batchSize ?? 500;
  personalData(); // fail before any work when no cipher is configured
  const reports: ResealReport[] = [];
  for (const t of TARGETS) {
    const report: ResealReport = { table: t.table, examined: 0, changed: 0 };
    let after: unknown[] | null = null;
    for (;;) {
      const last: unknown[] | null = after;
      const rows: Record<string, unknown>[] = await db.transaction().execute(async (trx) => {
        if (t.reseal) await sql`select set_config('renshe.reseal', 'on', true)`.execute(trx);
        const keys = sql.join(t.key.map((k) => sql.ref(k)));
        const cols = sql.join([...t.key, ...(t.text ?? []), ...(t.json ?? [])].map((c) => sql.ref(c)));
        const conditions: RawBuilder<boolean>[] = [
          ...(t.where ? [t.where] : []),
          ...(last ? [sql<boolean>`(${keys}) > (${sql.join(last.map((v) => sql`${v}`))})`] : []),
        ];
        const found = await sql<Record<string, unknown>>`
          select ${cols} from ${sql.table(t.table)}
          ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
          order by ${keys} limit ${batch} for update`.execute(trx);
        for (const r of found.rows) {
          const set: Record<string, string> = {};
          for (const c of t.text ?? []) {
            const v = r[c];
            if (typeof v !== 'string') continue;
            const next = resealText(v);
            if (next !== null) set[c] = next;
          }
          for (const c of t.json ?? []) {
            if (r[c] === null || r[c] === undefined) continue;
            const next = resealPersonal(r[c]);
            if (next !== null) set[c] = JSON.stringify(next);
          }
          if (!Object.keys(set).length) continue;
          const assignments = sql.join(Object.entries(set).map(([c, v]) => sql`${sql.ref(c)} = ${v}`));
          const match = sql.join(
            t.key.map((k) => sql`${sql.ref(k)} = ${r[k]}`),
            sql` and `,
          );
          await sql`update ${sql.table(t.table)} set ${assignments} where ${match}`.execute(trx);
          report.changed++;
        }
        return found.rows;
      });
      report.examined += rows.length;
      opts.progress?.({ ...report });
      if (rows.length < batch) break;
      after = t.key.map((k) => rows.at(-1)![k]);
    }
    reports.push(report);
  }
  return reports;
}

/** The tables migration 0010 rewrote (their old row versions held plain personal values). */
const SEALED_IN_0010 = [
  'account',
  'login_attempt',
  'outbox',
  'bundle',
  'bundle_part',
  'case_event',
  'rate_limit_hit',
  'verification_code',
];

/**
 * After migration 0010 converted existing rows: the files still hold the plain values in dead row versions,
 * stale index entries and WAL records. VACUUM FULL rewrites the converted tables and their indexes into new
 * files; then the WAL is switched to a new segment twice with checkpoints, recycling off, so the segments
 * with the plain values are removed (PGlite: this process is the checkpointer; a PostgreSQL server's
 * checkpointer keeps its own `wal_recycle`, and its archives, replicas and backups are the operator's to
 * purge — docs/SECURITY.md). A database without accounts had nothing personal: nothing to do. Returns what
 * was done, or why the WAL step was not possible (it needs superuser or pg_checkpoint rights).
 */
export async function scrubPlaintextRemnants(
  db: Kysely<Database>,
): Promise<{ vacuumed: string[]; wal: 'switched' | 'skipped' | string }> {
  const any = await db.selectFrom('account').select('id').limit(1).executeTakeFirst();
  if (!any) return { vacuumed: [], wal: 'skipped' };
  return db.connection().execute(async (c) => {
    for (const t of SEALED_IN_0010) await sql`vacuum full ${sql.table(t)}`.execute(c);
    try {
      await sql`set wal_recycle = off`.execute(c);
      for (let i = 0; i < 2; i++) {
        await sql`select pg_switch_wal()`.execute(c);
        await sql`checkpoint`.execute(c);
      }
      await sql`reset wal_recycle`.execute(c);
      return { vacuumed: SEALED_IN_0010, wal: 'switched' as const };
    } catch (e) {
      await sql`reset wal_recycle`.execute(c).catch(() => {});
      return { vacuumed: SEALED_IN_0010, wal: (e as Error).message };
    }
  });
}
