/**
 * The keys of the audit chains. Each row's hash is an HMAC under the key its `key_id` names, so whoever
 * can write the database but does not hold a key cannot forge or recompute a row. The first key of a
 * keyring is the current one (new rows); the others only verify older rows (rotation).
 *
 * A key is at least 32 bytes, written as hex (only hex digits, then at least 64 of them) or base64
 * (standard or URL-safe). Without configured keys (development, tests) a fixed development key with id
 * `dev` is used: it is public (it is in this file), so it protects nothing and production refuses it.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';

/** The shortest accepted key. */
export const AUDIT_KEY_MIN_BYTES = 32;

/** A key id: what a row stores to name its key. */
export const AUDIT_KEY_ID_RE = /^[A-Za-z0-9_.-]{1,32}$/;

/** One key and its id. */
export interface AuditKey {
  readonly id: string;
  readonly secret: KeyObject;
}

/** The keys a process signs and verifies with: `current` signs, every key in `byId` verifies. */
export interface AuditKeyring {
  readonly current: AuditKey;
  readonly byId: ReadonlyMap<string, AuditKey>;
  /** True for the fixed development key (nothing is protected; the server warns). */
  readonly development: boolean;
}

/** The fixed, public development key (32 bytes). */
const DEVELOPMENT_KEY_HEX = '72656e7368652d6465762d61756469742d6b65792d6e6f742d612d7365637265';

/** The id rows signed with the development key carry. */
export const DEVELOPMENT_AUDIT_KEY_ID = 'dev';

/** Decodes a key written as hex or base64; refuses one shorter than 32 bytes. */
export function decodeAuditKey(text: string): { ok: true; bytes: Buffer } | { ok: false; message: string } {
  const t = text.trim();
  if (/^[0-9a-fA-F]+$/.test(t)) {
    if (t.length % 2 || t.length < AUDIT_KEY_MIN_BYTES * 2)
      return {
        ok: false,
        message: `a hex key needs at least ${AUDIT_KEY_MIN_BYTES * 2} hex digits (32 bytes)`,
      };
    return { ok: true, bytes: Buffer.from(t, 'hex') };
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return { ok: false, message: 'must be hex or base64' };
  const bytes = Buffer.from(t, 'base64');
  if (bytes.length < AUDIT_KEY_MIN_BYTES)
    return {
      ok: false,
      message: `a key needs at least ${AUDIT_KEY_MIN_BYTES} bytes (base64 gave ${bytes.length})`,
    };
  return { ok: true, bytes };
}

/** A key from its id and bytes. */
export function auditKey(id: string, bytes: Uint8Array): AuditKey {
  return { id, secret: createSecretKey(bytes) };
}

/**
 * Parses `id:key,id:key,…` (the first is current). Every problem is returned, naming the entry.
 */
export function parseAuditKeyList(
  text: string,
): { ok: true; keys: AuditKey[] } | { ok: false; message: string } {
  const problems: string[] = [];
  const keys: AuditKey[] = [];
  const entries = text.split(',').map((e) => e.trim());
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    if (!AUDIT_KEY_ID_RE.test(id)) {
      problems.push(`entry ${i + 1}: expected id:key with an id of 1–32 letters, digits, '_', '.' or '-'`);
      continue;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`entry ${i + 1}: key id ${id} given twice`);
      continue;
    }
    const decoded = decodeAuditKey(entry.slice(colon + 1));
    if (!decoded.ok) problems.push(`entry ${i + 1} (${id}): ${decoded.message}`);
    else keys.push(auditKey(id, decoded.bytes));
  }
  if (problems.length) return { ok: false, message: problems.join('; ') };
  if (!keys.length) return { ok: false, message: 'no key given' };
  return { ok: true, keys };
}

/** A keyring from keys in order (the first signs). */
export function auditKeyring(keys: readonly AuditKey[], development = false): AuditKeyring {
  const [current] = keys;
  if (!current) throw new Error('an audit keyring needs at least one key');
  return { current, byId: new Map(keys.map((k) => [k.id, k])), development };
}

/** The development keyring: the public development key only. */
export function developmentAuditKeyring(): AuditKeyring {
  return auditKeyring([auditKey(DEVELOPMENT_AUDIT_KEY_ID, Buffer.from(DEVELOPMENT_KEY_HEX, 'hex'))], true);
}

/** Whether `key` has the development key's bytes (production refuses it under any id). */
export function isDevelopmentAuditKey(key: AuditKey): boolean {
  return key.secret.equals(createSecretKey(Buffer.from(DEVELOPMENT_KEY_HEX, 'hex')));
}
