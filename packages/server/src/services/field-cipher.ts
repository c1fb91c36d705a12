/**
 * The field cipher: personal values (身份证号, mobile numbers) are sealed before they reach the database, and
 * looked up by a keyed hash instead of their text. Pure node:crypto; the keys come from the configuration.
 *
 * A sealed value is `v1:<keyId>:<iv>:<ciphertext+tag>` (iv and ciphertext base64url): AES-256-GCM under the
 * key its id names, a random 96-bit IV per value, the 128-bit tag appended to the ciphertext and the
 * header `v1:<keyId>` as additional authenticated data (a value cannot be moved under another key id). The
 * first configured key seals; every configured key opens (rotation: `npm run keys:rotate`).
 *
 * A lookup hash is HMAC-SHA-256 under DATA_HMAC_KEY over `<purpose>\0<text>` (base64url): the same ID number
 * gives the same hash for the same purpose, so equality lookups (login, duplicate checks, rate limits) need
 * no decryption, and the hash alone cannot be turned back into the ID number by enumeration without the key.
 *
 * Without configured keys (development, tests) fixed development keys are used: they are public (they are in
 * this file), so they protect nothing; the server warns, and production refuses them.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import type { FieldCipher } from '@renshe/db';

/** Bytes of an AES-256 key. */
export const DATA_KEY_BYTES = 32;
/** The shortest accepted lookup (HMAC) key. */
export const DATA_HMAC_KEY_MIN_BYTES = 32;
/** A key id: what a sealed value names its key by. */
export const DATA_KEY_ID_RE = /^[A-Za-z0-9_.-]{1,32}$/;

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// v1:<keyId>:<iv, 12 bytes = 16 chars>:<ciphertext + 16-byte tag, ≥ 22 chars>
const SEALED_RE = /^v1:([A-Za-z0-9_.-]{1,32}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

/** One data key and its id. */
export interface DataKey {
  readonly id: string;
  readonly secret: KeyObject;
}

/** The fixed, public development keys (32 bytes each). */
const DEVELOPMENT_DATA_KEY_HEX = '72656e7368652d6465762d646174612d6b65792d6e6f742d612d736563726574';
const DEVELOPMENT_HMAC_KEY_HEX = '72656e7368652d6465762d6c6f6f6b75702d6b65792d6e6f742d612d73656372';
/** The id values sealed with the development key carry. */
export const DEVELOPMENT_DATA_KEY_ID = 'dev';

/** Why a value could not be opened. */
export class FieldCipherError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown_key' | 'tampered',
    message: string,
  ) {
    super(message);
    this.name = 'FieldCipherError';
  }
}

function decodeKeyText(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 && t.length >= 64) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  return Buffer.from(t, 'base64');
}

/**
 * Parses DATA_KEYS: `id:base64key,id:base64key,…` (the first seals, all open), each key exactly 32 bytes
 * (base64, standard or URL-safe, or 64 hex digits). Every problem is returned, naming the entry.
 */
export function parseDataKeyList(
  text: string,
): { ok: true; keys: DataKey[] } | { ok: false; message: string } {
  const problems: string[] = [];
  const keys: DataKey[] = [];
  const ids = new Set<string>();
  for (const [i, raw] of text.split(',').entries()) {
    const entry = raw.trim();
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    if (!DATA_KEY_ID_RE.test(id)) {
      problems.push(`entry ${i + 1}: expected id:key with an id of 1–32 letters, digits, '_', '.' or '-'`);
      continue;
    }
    if (ids.has(id)) {
      problems.push(`entry ${i + 1}: key id ${id} given twice`);
      continue;
    }
    ids.add(id);
    const bytes = decodeKeyText(entry.slice(colon + 1));
    if (!bytes) problems.push(`entry ${i + 1} (${id}): the key must be base64 or hex`);
    else if (bytes.length !== DATA_KEY_BYTES)
      problems.push(
        `entry ${i + 1} (${id}): an AES-256 key is ${DATA_KEY_BYTES} bytes (got ${bytes.length})`,
      );
    else keys.push({ id, secret: createSecretKey(bytes) });
  }
  if (problems.length) return { ok: false, message: problems.join('; ') };
  if (!keys.length) return { ok: false, message: 'no key given' };
  return { ok: true, keys };
}

/** Parses DATA_HMAC_KEY: base64 or hex, at least 32 bytes. */
export function parseDataHmacKey(
  text: string,
): { ok: true; key: KeyObject } | { ok: false; message: string } {
  const bytes = decodeKeyText(text);
  if (!bytes) return { ok: false, message: 'must be base64 or hex' };
  if (bytes.length < DATA_HMAC_KEY_MIN_BYTES)
    return { ok: false, message: `needs at least ${DATA_HMAC_KEY_MIN_BYTES} bytes (got ${bytes.length})` };
  return { ok: true, key: createSecretKey(bytes) };
}

/** Whether a data key or the lookup key has a development key's bytes (production refuses it). */
export function isDevelopmentDataKey(key: KeyObject): boolean {
  return (
    key.equals(createSecretKey(Buffer.from(DEVELOPMENT_DATA_KEY_HEX, 'hex'))) ||
    key.equals(createSecretKey(Buffer.from(DEVELOPMENT_HMAC_KEY_HEX, 'hex')))
  );
}

/** A field cipher over configured keys. */
export interface ConfiguredFieldCipher extends FieldCipher {
  /** True when a development key is in use (nothing is protected; the server warns). */
  readonly development: boolean;
  /** The ids of every key that opens values, the current one first. */
  readonly keyIds: readonly string[];
}

/** A field cipher: `keys[0]` seals, every key opens; `hmacKey` makes the lookup hashes. */
export function createFieldCipher(
  keys: readonly DataKey[],
  hmacKey: KeyObject,
  development = false,
): ConfiguredFieldCipher {
  const [current] = keys;
  if (!current) throw new Error('a field cipher needs at least one data key');
  const byId = new Map(keys.map((k) => [k.id, k.secret]));
  const aad = (id: string) => Buffer.from(`${VERSION}:${id}`, 'utf8');
  return {
    currentKeyId: current.id,
    keyIds: keys.map((k) => k.id),
    development,
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const c = createCipheriv('aes-256-gcm', current.secret, iv, { authTagLength: TAG_BYTES });
      c.setAAD(aad(current.id));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
      return `${VERSION}:${current.id}:${iv.toString('base64url')}:${body.toString('base64url')}`;
    },
    open(sealed) {
      const m = SEALED_RE.exec(sealed);
      if (!m) throw new FieldCipherError('malformed', 'not a sealed value (v1:<keyId>:<iv>:<ciphertext>)');
      const [, id, ivText, bodyText] = m;
      const secret = byId.get(id!);
      if (!secret)
        throw new FieldCipherError(
          'unknown_key',
          `sealed under key ${id}, which is not configured (DATA_KEYS)`,
        );
      const body = Buffer.from(bodyText!, 'base64url');
      const d = createDecipheriv('aes-256-gcm', secret, Buffer.from(ivText!, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      d.setAAD(aad(id!));
      d.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([d.update(body.subarray(0, body.length - TAG_BYTES)), d.final()]).toString(
          'utf8',
        );
      } catch {
        throw new FieldCipherError('tampered', `a value sealed under key ${id} does not verify (altered)`);
      }
    },
    keyIdOf(text) {
      return SEALED_RE.exec(text)?.[1] ?? null;
    },
    lookup(purpose, plain) {
      return createHmac('sha256', hmacKey).update(`${purpose}\u0000${plain}`, 'utf8').digest('base64url');
    },
  };
}

/** The development cipher: the public development keys only. */
export function developmentFieldCipher(): ConfiguredFieldCipher {
  return createFieldCipher(
    [{ id: DEVELOPMENT_DATA_KEY_ID, secret: createSecretKey(Buffer.from(DEVELOPMENT_DATA_KEY_HEX, 'hex')) }],
    createSecretKey(Buffer.from(DEVELOPMENT_HMAC_KEY_HEX, 'hex')),
    true,
  );
}

/**
 * The cipher the configuration names: DATA_KEYS and DATA_HMAC_KEY, each falling back to its development key
 * when unset (env.ts refuses that in production).
 */
export function fieldCipherFrom(env: {
  DATA_KEYS?: readonly DataKey[] | undefined;
  DATA_HMAC_KEY?: KeyObject | undefined;
}): ConfiguredFieldCipher {
  const dev = developmentFieldCipher();
  if (!env.DATA_KEYS && !env.DATA_HMAC_KEY) return dev;
  const keys = env.DATA_KEYS ?? [
    { id: DEVELOPMENT_DATA_KEY_ID, secret: createSecretKey(Buffer.from(DEVELOPMENT_DATA_KEY_HEX, 'hex')) },
  ];
  const hmac = env.DATA_HMAC_KEY ?? createSecretKey(Buffer.from(DEVELOPMENT_HMAC_KEY_HEX, 'hex'));
  return createFieldCipher(keys, hmac, !env.DATA_KEYS || !env.DATA_HMAC_KEY);
}
