/**
 * Signed checkpoints of the audit chains' heads, kept outside the database (one JSON line each): what a
 * database administrator cannot reach. Verification compares the chains with the newest checkpoint, so a
 * chain deleted whole, or cut off at the end with its head rewound, no longer passes.
 *
 * A line is `{at, keyId, heads:[{partition, seq, hash}], count, mac}`: heads sorted by partition, `count`
 * the rows the heads cover (the sum of their seq), `mac` the HMAC-SHA-256 under the key `keyId` names of
 * the canonical JSON of everything else (prefixed with a domain tag, so a row hash never passes as one).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type ChainPosition, canonicalJson } from './audit-chain.ts';
import type { AuditKey, AuditKeyring } from './audit-keys.ts';

/** One chain's head as checkpointed. */
export interface AuditCheckpointHead extends ChainPosition {
  partition: string;
}

/** A signed checkpoint. */
export interface AuditCheckpoint {
  /** When it was taken (ISO instant). */
  at: string;
  keyId: string;
  heads: AuditCheckpointHead[];
  /** Rows the heads cover (Σ seq). */
  count: number;
  mac: string;
}

const TAG = 'renshe-audit-checkpoint\n';

function mac(key: AuditKey, body: Omit<AuditCheckpoint, 'mac'>): string {
  const { at, keyId, heads, count } = body;
  return createHmac('sha256', key.secret)
    .update(TAG)
    .update(canonicalJson({ at, count, heads, keyId }))
    .digest('hex');
}

/** Signs the heads as of `at` with the keyring's current key. */
export function signAuditCheckpoint(
  at: Date,
  heads: readonly AuditCheckpointHead[],
  keyring: AuditKeyring,
): AuditCheckpoint {
  const sorted = heads
    .map((h) => ({ partition: h.partition, seq: h.seq, hash: h.hash }))
    .sort((a, b) => (a.partition < b.partition ? -1 : a.partition > b.partition ? 1 : 0));
  const body = {
    at: at.toISOString(),
    keyId: keyring.current.id,
    heads: sorted,
    count: sorted.reduce((n, h) => n + h.seq, 0),
  };
  return { ...body, mac: mac(keyring.current, body) };
}

/** The line stored for a checkpoint (no newline). */
export function auditCheckpointLine(c: AuditCheckpoint): string {
  return JSON.stringify({ at: c.at, keyId: c.keyId, heads: c.heads, count: c.count, mac: c.mac });
}

const isHead = (h: unknown): h is AuditCheckpointHead =>
  typeof h === 'object' &&
  h !== null &&
  typeof (h as AuditCheckpointHead).partition === 'string' &&
  Number.isSafeInteger((h as AuditCheckpointHead).seq) &&
  typeof (h as AuditCheckpointHead).hash === 'string';

/** Parses a stored line and checks its MAC; says what is wrong otherwise. */
export function readAuditCheckpoint(
  line: string,
  keyring: AuditKeyring,
): { ok: true; checkpoint: AuditCheckpoint } | { ok: false; problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const c = v as Partial<AuditCheckpoint> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.at !== 'string' ||
    typeof c.keyId !== 'string' ||
    typeof c.mac !== 'string' ||
    !Number.isSafeInteger(c.count) ||
    !Array.isArray(c.heads) ||
    !c.heads.every(isHead)
  )
    return { ok: false, problem: 'not a checkpoint' };
  const key = keyring.byId.get(c.keyId);
  if (!key) return { ok: false, problem: `key id ${c.keyId} not configured` };
  const checkpoint = c as AuditCheckpoint;
  const expected = Buffer.from(mac(key, checkpoint), 'hex');
  const given = Buffer.from(checkpoint.mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, problem: 'MAC does not verify' };
  return { ok: true, checkpoint };
}
