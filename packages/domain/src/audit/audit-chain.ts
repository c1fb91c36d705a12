/**
 * The audit trail is a set of hash chains. Each row stores the hash of the previous row of its chain
 * (partition) and its own hash over the canonical JSON of its content, so changing, removing or
 * reordering any row breaks every later link. Chains are partitioned (by region and a shard of the
 * resource id) so that unrelated writes never wait on each other's chain head.
 *
 * The hash is keyed: HMAC-SHA-256 under the key the row's `keyId` names (audit-keys.ts), so a chain
 * rewritten by someone without the key does not verify. Rows from before keys (migration 0007, `keyId`
 * null) carry a plain SHA-256 and verify as the legacy kind: only as a prefix of their chain, and only up
 * to what a signed checkpoint (audit-checkpoint.ts) pins, once one exists.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AuditKey, AuditKeyring } from './audit-keys.ts';

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

/** Legacy rows (before keys): SHA-256 (hex) of the previous hash and the row's canonical content. */
export function auditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** HMAC-SHA-256 (hex) under `key` of the previous hash and the row's canonical content. */
export function auditHmac(key: AuditKey, prevHash: string, content: AuditContent): string {
  return createHmac('sha256', key.secret)
    .update(prevHash)
    .update('\n')
    .update(canonicalJson(content))
    .digest('hex');
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

/** A stored row: content plus its links and the id of its key (null: a legacy, unkeyed row). */
export interface AuditLink extends AuditContent {
  id: number;
  prevHash: string;
  hash: string;
  keyId: string | null;
}

/**
 * Why verification names a row or a chain:
 * - `hash_mismatch`: the row's content or hash was changed (its hash is not its HMAC);
 * - `hash_recomputed`: the hash is the unkeyed SHA-256 of the content: rewritten without the key;
 * - `unknown_key`: the row names a key id the keyring does not hold;
 * - `legacy_after_keyed`: an unkeyed row after a keyed one (keyed rows re-hashed without the key);
 * - `legacy_unsealed`: an unkeyed row beyond what the last checkpoint pinned (unkeyed rows only predate it);
 * - `seq_gap`, `prev_hash_mismatch`: a row removed or reordered in the middle;
 * - `tail_missing`: the chain head is ahead of the last row (rows cut off the end);
 * - `head_mismatch`: the last row is where the head says, with another hash;
 * - `beyond_head`: a row past the chain head (not covered by it: added behind the application);
 * - `head_missing`: rows of a chain that has no head (a chain added, or its head removed);
 * - `checkpoint_ahead`: the last checkpoint saw the chain longer than it is (cut off, head rewound too);
 * - `checkpoint_mismatch`: the row at the checkpointed position has another hash (history replaced);
 * - `chain_deleted`: a chain in the last checkpoint has no rows left;
 * - `checkpoint_invalid`: the newest checkpoint line does not parse or its MAC does not verify.
 */
export type AuditFindingReason =
  | 'seq_gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'hash_recomputed'
  | 'unknown_key'
  | 'legacy_after_keyed'
  | 'legacy_unsealed'
  | 'tail_missing'
  | 'head_mismatch'
  | 'beyond_head'
  | 'head_missing'
  | 'checkpoint_ahead'
  | 'checkpoint_mismatch'
  | 'chain_deleted'
  | 'checkpoint_invalid';

/** One finding: the chain, the row (null when the finding is about rows that are not there) and why. */
export interface AuditFinding {
  /** The chain; `*` for a finding about the checkpoint itself. */
  partition: string;
  id: number | null;
  seq: number;
  reason: AuditFindingReason;
}

/** Where a chain first breaks, and why (a row-level finding). */
export interface ChainBreak {
  partition: string;
  id: number;
  seq: number;
  reason: AuditFindingReason;
}

/** A chain position: sequence number and hash. */
export interface ChainPosition {
  seq: number;
  hash: string;
}

/**
 * Verifies one chain: feed its rows in seq order to `row`, then call `end`. Names the first broken row
 * (later rows of a broken chain are not linked again), and what the head and the last checkpoint say
 * about the chain's extent.
 */
export class ChainWalk {
  readonly findings: AuditFinding[] = [];
  rows = 0;
  legacyRows = 0;
  #tail: ChainPosition = { seq: 0, hash: GENESIS_HASH };
  #broken = false;
  #keyed = false;
  #beyondHead = false;

  constructor(
    readonly partition: string,
    private readonly ctx: {
      keyring: AuditKeyring;
      /** The chain head in the database (undefined: none). */
      head: ChainPosition | undefined;
      /** The chain's position in the last checkpoint (undefined: not in it). */
      sealed: ChainPosition | undefined;
      /** Whether a checkpoint exists at all (unkeyed rows must then be pinned by it). */
      checkpointed: boolean;
    },
  ) {}

  row(r: AuditLink): void {
    const { head, sealed } = this.ctx;
    this.rows++;
    if (r.keyId === null) this.legacyRows++;
    if (this.rows === 1 && !head) this.#found(r.id, r.seq, 'head_missing');
    if (!this.#broken) {
      const reason = this.#linkBreak(r);
      if (reason) {
        this.#broken = true;
        this.#found(r.id, r.seq, reason);
      }
    }
    if (head && r.seq > head.seq && !this.#beyondHead) {
      this.#beyondHead = true;
      this.#found(r.id, r.seq, 'beyond_head');
    }
    if (sealed && r.seq === sealed.seq && r.hash !== sealed.hash)
      this.#found(r.id, r.seq, 'checkpoint_mismatch');
    this.#tail = { seq: r.seq, hash: r.hash };
  }

  end(): AuditFinding[] {
    const { head, sealed } = this.ctx;
    const last = this.rows ? this.#tail : null;
    if (!last) {
      if (sealed) this.#found(null, sealed.seq, 'chain_deleted');
      if (head && head.seq > 0) this.#found(null, 1, 'tail_missing');
      return this.findings;
    }
    if (head && last.seq < head.seq) this.#found(null, last.seq + 1, 'tail_missing');
    else if (head && last.seq === head.seq && last.hash !== head.hash)
      this.#found(null, head.seq, 'head_mismatch');
    if (sealed && last.seq < sealed.seq) this.#found(null, last.seq + 1, 'checkpoint_ahead');
    return this.findings;
  }

  #found(id: number | null, seq: number, reason: AuditFindingReason): void {
    this.findings.push({ partition: this.partition, id, seq, reason });
  }

  #linkBreak(r: AuditLink): AuditFindingReason | null {
    const tail = this.#tail;
    if (r.seq !== tail.seq + 1) return 'seq_gap';
    if (r.prevHash !== tail.hash) return 'prev_hash_mismatch';
    const { id: _id, prevHash, hash, keyId, ...content } = r;
    if (keyId === null) {
      if (auditHash(prevHash, content) !== hash) return 'hash_mismatch';
      if (this.#keyed) return 'legacy_after_keyed';
      const { sealed, checkpointed } = this.ctx;
      if (checkpointed && (!sealed || r.seq > sealed.seq)) return 'legacy_unsealed';
      return null;
    }
    this.#keyed = true;
    const key = this.ctx.keyring.byId.get(keyId);
    if (!key) return 'unknown_key';
    if (auditHmac(key, prevHash, content) === hash) return null;
    return auditHash(prevHash, content) === hash ? 'hash_recomputed' : 'hash_mismatch';
  }
}

/** Findings in report order: by row id (findings without a row last), then chain. */
export function sortFindings(findings: AuditFinding[]): AuditFinding[] {
  return findings.sort(
    (a, b) =>
      (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER) ||
      (a.partition < b.partition ? -1 : a.partition > b.partition ? 1 : 0) ||
      a.seq - b.seq,
  );
}
