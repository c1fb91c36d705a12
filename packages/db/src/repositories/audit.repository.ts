/**
 * Audit log persistence: append within the caller's transaction (so an audit row exists exactly when the
 * write it records committed) and verify every chain.
 */
import {
  type AuditContent,
  type AuditLink,
  auditHash,
  auditPartition,
  type ChainBreak,
  GENESIS_HASH,
  verifyLinks,
} from '@renshe/domain/audit/audit-chain.ts';
import { maskSensitive, maskText } from '@renshe/domain/privacy/mask.ts';
import { type Kysely, sql } from 'kysely';
import type { AuditLogRow, Database } from '../schema.ts';

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
    const hash = auditHash(head.hash, content);
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

function toLink(r: AuditLogRow): AuditLink {
  return {
    id: r.id,
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
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The outcome of verifying every chain. */
export interface AuditVerification {
  ok: boolean;
  partitions: number;
  rows: number;
  /** The first broken row (lowest id) across all chains. */
  firstBreak?: ChainBreak | { partition: string; id: null; seq: number; reason: 'tail_missing' };
}

/** Verifies every chain from genesis, page by page; names the first broken row. */
export async function verifyAuditChains(db: Kysely<Database>, pageSize = 5000): Promise<AuditVerification> {
  const heads = await db.selectFrom('audit_chain_head').selectAll().orderBy('partition').execute();
  let rows = 0;
  const breaks: NonNullable<AuditVerification['firstBreak']>[] = [];
  for (const head of heads) {
    let tail = { seq: 0, hash: GENESIS_HASH };
    let broken = false;
    for (;;) {
      const page = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('partition', '=', head.partition)
        .where('seq', '>', tail.seq)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      if (page.length === 0) break;
      rows += page.length;
      const result = verifyLinks(page.map(toLink), tail);
      if (!result.ok) {
        breaks.push(result.break);
        broken = true;
        break;
      }
      tail = result.tail;
    }
    if (!broken && (tail.seq !== head.seq || tail.hash !== head.hash)) {
      breaks.push({ partition: head.partition, id: null, seq: tail.seq + 1, reason: 'tail_missing' });
    }
  }
  breaks.sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER));
  return {
    ok: breaks.length === 0,
    partitions: heads.length,
    rows,
    ...(breaks[0] ? { firstBreak: breaks[0] } : {}),
  };
}
