/**
 * The audit trail is a set of hash chains. Each row stores the hash of the previous row of its chain
 * (partition) and its own hash over the canonical JSON of its content, so changing, removing or
 * reordering any row breaks every later link. Chains are partitioned (by region and a shard of the
 * resource id) so that unrelated writes never wait on each other's chain head.
 */
import { createHash } from 'node:crypto';

/** The hash that starts every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Number of chains per region: writes on different resources in one region rarely share a head. */
export const AUDIT_SHARDS_PER_REGION = 16;

/** The content of an audit row that the hash covers. */
export interface AuditContent {
  partition: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorKind: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  regionCode: string | null;
  requestId: string | null;
  details: unknown;
}

/** JSON with object keys sorted at every level (PostgreSQL jsonb reorders keys; the hash must not care). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of the previous hash and the row's canonical content. */
export function auditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** The chain a row belongs to: `<region>/<shard>`, shard from a stable hash of the resource. */
export function auditPartition(
  regionCode: string | null,
  resourceType: string,
  resourceId: string | null,
): string {
  const key = `${resourceType}:${resourceId ?? ''}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return `${regionCode ?? '000000'}/${h % AUDIT_SHARDS_PER_REGION}`;
}

/** A stored row: content plus its links. */
export interface AuditLink extends AuditContent {
  id: number;
  prevHash: string;
  hash: string;
}

/** Where a chain first breaks, and why. */
export interface ChainBreak {
  partition: string;
  id: number;
  seq: number;
  reason: 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch';
}

/**
 * Checks one chain's rows (ordered by seq) continuing from `prev` (genesis when starting).
 * Returns the first break, or the new tail to continue from.
 */
export function verifyLinks(
  rows: readonly AuditLink[],
  prev: { seq: number; hash: string },
): { ok: true; tail: { seq: number; hash: string } } | { ok: false; break: ChainBreak } {
  let tail = prev;
  for (const row of rows) {
    const at = { partition: row.partition, id: row.id, seq: row.seq };
    if (row.seq !== tail.seq + 1) return { ok: false, break: { ...at, reason: 'seq_gap' } };
    if (row.prevHash !== tail.hash) return { ok: false, break: { ...at, reason: 'prev_hash_mismatch' } };
    const { id: _id, prevHash: _p, hash, ...content } = row;
    if (auditHash(row.prevHash, content) !== hash)
      return { ok: false, break: { ...at, reason: 'hash_mismatch' } };
    tail = { seq: row.seq, hash };
  }
  return { ok: true, tail };
}
