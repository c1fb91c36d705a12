/**
 * Audit log persistence: append within the caller's transaction (so an audit row exists exactly when the
 * write it records committed), read the chain heads for a checkpoint, and verify every chain.
 *
 * Rows are hashed with the process's audit keyring (`useAuditKeyring`, set once at start from the
 * configuration; until then the public development key), so callers only pass their transaction.
 */
import {
  type AuditContent,
  type AuditFinding,
  type AuditLink,
  auditHmac,
  auditPartition,
  type ChainPosition,
  ChainWalk,
  GENESIS_HASH,
  sortFindings,
} from '@renshe/domain/audit/audit-chain.ts';
import type { AuditCheckpoint, AuditCheckpointHead } from '@renshe/domain/audit/audit-checkpoint.ts';
import { type AuditKeyring, developmentAuditKeyring } from '@renshe/domain/audit/audit-keys.ts';
import { maskSensitive, maskText } from '@renshe/domain/privacy/mask.ts';
import { type Kysely, sql } from 'kysely';
import type { AuditLogRow, Database } from '../schema.ts';

let keyring: AuditKeyring = developmentAuditKeyring();

/** Sets the keys this process signs new rows with and verifies rows by (once, at start). */
export function useAuditKeyring(ring: AuditKeyring): void {
  keyring = ring;
}

/** The keys in use (see `useAuditKeyring`). */
export function currentAuditKeyring(): AuditKeyring {
  return keyring;
}

/** What a caller records (the content minus its chain position); identifiers are masked before storage. */
export type AuditEntry = Omit<AuditContent, 'partition' | 'seq' | 'details'> & {
  details?: Record<string, unknown>;
};

/**
 * Appends one row to its chain. Must run inside a transaction: the chain head is row-locked until commit,
 * so only writers on the same partition wait for each other.
 */
export function appendAudit(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
  return appendAudits(trx, [entry]);
}

/**
 * Appends rows (in the order given) to their chains in two statements, whatever their number: one locks
 * (or creates) every head involved, in partition order, so two writers never wait on each other in a
 * cycle; the other inserts the rows and moves the heads. Inside a transaction, as `appendAudit`.
 */
export async function appendAudits(trx: Kysely<Database>, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const placed = entries.map((entry) => {
    const resourceId = entry.resourceId === null ? null : maskText(entry.resourceId);
    return { entry, resourceId, partition: auditPartition(entry.regionCode, entry.resourceType, resourceId) };
  });
  const partitions = [...new Set(placed.map((p) => p.partition))].sort();
  // Creates each head on first use, or row-locks it (a no-op update), and reads it: one statement.
  const locked = await trx
    .insertInto('audit_chain_head')
    .values(partitions.map((partition) => ({ partition, seq: 0, hash: GENESIS_HASH })))
    .onConflict((oc) => oc.column('partition').doUpdateSet({ seq: sql`audit_chain_head.seq` }))
    .returning(['partition', 'seq', 'hash'])
    .execute();
  const heads = new Map(locked.map((h) => [h.partition, { seq: Number(h.seq), hash: h.hash }]));
  const key = keyring.current;
  const rows = placed.map(({ entry, resourceId, partition }) => {
    const head = heads.get(partition)!;
    const content: AuditContent = {
      partition,
      seq: head.seq + 1,
      at: new Date(entry.at.getTime()),
      actorId: entry.actorId,
      actorKind: entry.actorKind,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId,
      regionCode: entry.regionCode,
      requestId: entry.requestId,
      details: maskSensitive(entry.details ?? {}),
    };
    const hash = auditHmac(key, head.hash, content);
    const row = {
      partition,
      seq: content.seq,
      at: content.at,
      actor_id: content.actorId,
      actor_kind: content.actorKind,
      action: content.action,
      resource_type: content.resourceType,
      resource_id: content.resourceId,
      region_code: content.regionCode,
      request_id: content.requestId,
      details: JSON.stringify(content.details),
      prev_hash: head.hash,
      hash,
      key_id: key.id,
    };
    heads.set(partition, { seq: content.seq, hash });
    return row;
  });
  const moved = [...heads].map(([partition, h]) => sql`(${partition}, ${h.seq}::bigint, ${h.hash})`);
  // The rows and the new heads in one statement (a data-modifying CTE).
  await trx
    .with('appended', (db) => db.insertInto('audit_log').values(rows).returning('seq'))
    .updateTable('audit_chain_head')
    .from(sql<{ column1: string; column2: number; column3: string }>`(values ${sql.join(moved)})`.as('v'))
    .set({ seq: sql`v.column2`, hash: sql`v.column3` })
    .where(sql<boolean>`audit_chain_head.partition = v.column1`)
    .execute();
}

/** How many rows of these actions `actorId` has in (since, until], and the oldest (index range scans). */
export async function recentAuditOfActor(
  db: Kysely<Database>,
  actorId: string,
  actions: readonly string[],
  since: Date,
  until: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const r = await db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('at').as('oldest')])
    .where('actor_id', '=', actorId)
    .where('action', 'in', actions)
    .where('at', '>', since)
    .where('at', '<=', until)
    .executeTakeFirstOrThrow();
  return { count: Number(r.count), oldest: r.oldest ?? null };
}

/** The hashed content of a stored row (what its HMAC covers). */
export function auditContentOf(r: AuditLogRow): AuditContent {
  return {
    partition: r.partition,
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorKind: r.actor_kind,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    regionCode: r.region_code,
    requestId: r.request_id,
    details: r.details,
  };
}

function toLink(r: AuditLogRow): AuditLink {
  return { id: r.id, ...auditContentOf(r), prevHash: r.prev_hash, hash: r.hash, keyId: r.key_id };
}

/** What kept a chain at its previous checkpointed head instead of the database's. */
export interface KeptCheckpointHead {
  partition: string;
  /** No head any more; head behind the checkpoint; the row at the checkpointed seq has another hash. */
  why: 'missing' | 'behind' | 'rewritten';
}

/**
 * The heads for the next checkpoint: the database's, except that a chain whose head vanished, went back,
 * or no longer passes through the previous checkpoint's head keeps that previous head (the checkpoint is a
 * high-water mark, so evidence of a truncation or deletion is never overwritten). Two statements.
 */
export async function auditCheckpointHeads(
  db: Kysely<Database>,
  previous: readonly AuditCheckpointHead[] = [],
): Promise<{ heads: AuditCheckpointHead[]; kept: KeptCheckpointHead[] }> {
  const current = await db.selectFrom('audit_chain_head').select(['partition', 'seq', 'hash']).execute();
  const heads = new Map<string, ChainPosition>(
    current.map((h) => [h.partition, { seq: Number(h.seq), hash: h.hash }]),
  );
  const ahead = previous.filter((p) => (heads.get(p.partition)?.seq ?? 0) > p.seq);
  const through = new Map<string, string>();
  if (ahead.length) {
    const at = ahead.map((p) => sql`(${p.partition}, ${p.seq}::bigint)`);
    const rows = await db
      .selectFrom('audit_log')
      .select(['partition', 'seq', 'hash'])
      .where(sql<boolean>`(partition, seq) in (${sql.join(at)})`)
      .execute();
    for (const r of rows) through.set(`${r.partition}\u0000${r.seq}`, r.hash);
  }
  const kept: KeptCheckpointHead[] = [];
  for (const p of previous) {
    const now = heads.get(p.partition);
    const why: KeptCheckpointHead['why'] | null = !now
      ? 'missing'
      : now.seq < p.seq
        ? 'behind'
        : now.seq === p.seq
          ? now.hash === p.hash
            ? null
            : 'rewritten'
          : through.get(`${p.partition}\u0000${p.seq}`) === p.hash
            ? null
            : 'rewritten';
    if (why) {
      kept.push({ partition: p.partition, why });
      heads.set(p.partition, { seq: p.seq, hash: p.hash });
    }
  }
  return { heads: [...heads].map(([partition, h]) => ({ partition, ...h })), kept };
}

/** The outcome of verifying every chain. */
export interface AuditVerification {
  ok: boolean;
  /** Chains seen: with a head, with rows, or in the checkpoint. */
  partitions: number;
  rows: number;
  /** Rows of the legacy kind (unkeyed, from before migration 0007). */
  legacyRows: number;
  /** The checkpoint compared with (null: none given). */
  checkpoint: { at: string; partitions: number; count: number } | null;
  /** Every finding, ordered by row id (findings without a row last). */
  findings: AuditFinding[];
  /** The first finding (as before the list existed). */
  firstBreak?: AuditFinding;
}

/**
 * Verifies every chain from genesis in one snapshot (a repeatable-read, read-only transaction), page by
 * page in (partition, seq) order, against the chain heads and, when given, the last checkpoint (whose
 * MAC the caller has checked). Names every chain's first broken row and every chain-level finding.
 */
export async function verifyAuditChains(
  db: Kysely<Database>,
  opts: { checkpoint?: AuditCheckpoint | null; keyring?: AuditKeyring; pageSize?: number } = {},
): Promise<AuditVerification> {
  const ring = opts.keyring ?? keyring;
  const pageSize = opts.pageSize ?? 5000;
  const checkpoint = opts.checkpoint ?? null;
  const sealed = new Map(checkpoint?.heads.map((h) => [h.partition, { seq: h.seq, hash: h.hash }]));
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const headRows = await trx.selectFrom('audit_chain_head').selectAll().execute();
      const heads = new Map(headRows.map((h) => [h.partition, { seq: Number(h.seq), hash: h.hash }]));
      const walk = (partition: string) =>
        new ChainWalk(partition, {
          keyring: ring,
          head: heads.get(partition),
          sealed: sealed.get(partition),
          checkpointed: checkpoint !== null,
        });
      const findings: AuditFinding[] = [];
      const seen = new Set<string>();
      let rows = 0;
      let legacyRows = 0;
      const finish = (w: ChainWalk) => {
        findings.push(...w.end());
        rows += w.rows;
        legacyRows += w.legacyRows;
        seen.add(w.partition);
      };
      let current: ChainWalk | null = null;
      let after: { partition: string; seq: number } | null = null;
      for (;;) {
        let q = trx.selectFrom('audit_log').selectAll().orderBy('partition').orderBy('seq').limit(pageSize);
        if (after) q = q.where(sql<boolean>`(partition, seq) > (${after.partition}, ${after.seq}::bigint)`);
        const page = await q.execute();
        for (const r of page) {
          if (current?.partition !== r.partition) {
            if (current) finish(current);
            current = walk(r.partition);
          }
          current.row(toLink(r));
        }
        const last = page.at(-1);
        if (!last || page.length < pageSize) break;
        after = { partition: last.partition, seq: last.seq };
      }
      if (current) finish(current);
      // Chains with a head or a checkpointed position but no rows left.
      for (const partition of new Set([...heads.keys(), ...sealed.keys()]))
        if (!seen.has(partition)) finish(walk(partition));
      sortFindings(findings);
      return {
        ok: findings.length === 0,
        partitions: seen.size,
        rows,
        legacyRows,
        checkpoint: checkpoint
          ? { at: checkpoint.at, partitions: checkpoint.heads.length, count: checkpoint.count }
          : null,
        findings,
        ...(findings[0] ? { firstBreak: findings[0] } : {}),
      };
    });
}
