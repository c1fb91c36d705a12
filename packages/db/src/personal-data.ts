/**
 * Personal data at rest (docs/SECURITY.md, "Personal data at rest"). The repositories seal personal values
 * on the way in and open them on the way out, so no 身份证号 or mobile number is stored as text and callers
 * see plain rows. The process's cipher and the personal field ids are set once at start (`usePersonalData`,
 * from the configuration and the matter/bundle definitions); the cipher itself lives in the server.
 *
 * Which values are sealed:
 * - columns: a citizen's login (`account.login_name_enc`, looked up by `login_hmac`), `account.phone_enc`,
 *   the recipient of every SMS in the outbox;
 * - inside JSON (bundle form and eligibility answer, case event bodies, bundle part results): every string
 *   at a personal position — a property named by a personal field id, or the `value` of an `{ id, value }`
 *   entry whose `id` is one. A field id is personal when a definition types it so: a bundle form field of
 *   type `id_number` or `phone`, a matter result field of type `id_number` or `phone`.
 * Lookup hashes (HMAC) stand in for values that are searched for: logins, login throttling keys.
 */

/** Seals, opens and hashes personal values (implemented by the server's field cipher). */
export interface FieldCipher {
  /** The id of the key new values are sealed under. */
  readonly currentKeyId: string;
  /** Seals a value under the current key: `v1:<keyId>:<iv>:<ciphertext+tag>`. */
  seal(plain: string): string;
  /** Opens a sealed value; throws when it was altered or its key is not configured. */
  open(sealed: string): string;
  /** The key id a sealed value names; null when `text` is not a sealed value. */
  keyIdOf(text: string): string | null;
  /** The keyed lookup hash of `plain` for `purpose` (equal inputs, equal hashes; not reversible without the key). */
  lookup(purpose: string, plain: string): string;
}

/** What the repositories protect with. */
export interface PersonalDataProtection {
  readonly cipher: FieldCipher;
  /** Field ids whose values are personal wherever they appear in stored JSON. */
  readonly personalFields: ReadonlySet<string>;
}

/** Purposes of lookup hashes (a hash for one purpose says nothing about another). */
export const LOOKUP = {
  /** `account.login_hmac` and `login_attempt.login_key`: the normalised login name. */
  login: 'login',
} as const;

let protection: PersonalDataProtection | undefined;

/** Sets the process's cipher and personal field ids (server, CLI and tests; before migrating). */
export function usePersonalData(p: PersonalDataProtection): void {
  protection = p;
}

/** The protection in use; throws when none was set (nothing personal is ever written unprotected). */
export function personalData(): PersonalDataProtection {
  if (!protection)
    throw new Error(
      'personal data protection is not configured: call usePersonalData() (the server does it from DATA_KEYS)',
    );
  return protection;
}

/** The protection set so far, if any. */
export function configuredPersonalData(): PersonalDataProtection | undefined {
  return protection;
}

/** The keyed lookup hash of `plain` for `purpose`. */
export function lookupHash(purpose: string, plain: string): string {
  return personalData().cipher.lookup(purpose, plain);
}

/** Seals a text value (one already sealed is kept). */
export function sealText(plain: string): string;
export function sealText(plain: string | null | undefined): string | null;
export function sealText(plain: string | null | undefined): string | null {
  if (plain === null || plain === undefined) return null;
  const { cipher } = personalData();
  return cipher.keyIdOf(plain) ? plain : cipher.seal(plain);
}

/** Opens a sealed text value; text that is not sealed (written before 0010) is returned as it is. */
export function openText(stored: string): string;
export function openText(stored: string | null): string | null;
export function openText(stored: string | null): string | null {
  if (stored === null) return null;
  const { cipher } = personalData();
  return cipher.keyIdOf(stored) ? cipher.open(stored) : stored;
}

/**
 * A copy of a JSON value with `f` applied to every string at a personal position (see the file comment);
 * `value` itself when nothing changed.
 */
export function mapPersonal<T>(value: T, f: (s: string) => string, fields: ReadonlySet<string>): T {
  return walk(value, f, fields, 0) as T;
}

function walk(value: unknown, f: (s: string) => string, fields: ReadonlySet<string>, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = walk(value[i], f, fields, depth + 1);
      if (next === value[i]) continue;
      out ??= value.slice();
      out[i] = next;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const entryOfPersonal = typeof obj.id === 'string' && fields.has(obj.id);
  let out: Record<string, unknown> | undefined;
  for (const k in obj) {
    const v = obj[k];
    const next =
      typeof v === 'string'
        ? fields.has(k) || (entryOfPersonal && k === 'value')
          ? f(v)
          : v
        : walk(v, f, fields, depth + 1);
    if (next === v) continue;
    out ??= { ...obj };
    out[k] = next;
  }
  return out ?? value;
}

/** Seals every personal value of a JSON value (values already sealed are kept). */
export function sealPersonal<T>(value: T): T {
  const { cipher, personalFields } = personalData();
  return mapPersonal(value, (s) => (s === '' || cipher.keyIdOf(s) ? s : cipher.seal(s)), personalFields);
}

/** Opens every sealed personal value of a JSON value (plain ones, written before 0010, pass). */
export function openPersonal<T>(value: T): T {
  const { cipher, personalFields } = personalData();
  return mapPersonal(value, (s) => (cipher.keyIdOf(s) ? cipher.open(s) : s), personalFields);
}

/**
 * Brings one stored text to the current key: a value sealed under another key is opened and sealed again,
 * a plain one is sealed; null when it is already current.
 */
export function resealText(stored: string): string | null {
  const { cipher } = personalData();
  const id = cipher.keyIdOf(stored);
  if (id === cipher.currentKeyId) return null;
  return cipher.seal(id ? cipher.open(stored) : stored);
}

/** The JSON value with every personal value under the current key; null when nothing changed. */
export function resealPersonal<T>(value: T): T | null {
  const { personalFields } = personalData();
  const next = mapPersonal(value, (s) => (s === '' ? s : (resealText(s) ?? s)), personalFields);
  return next === value ? null : next;
}
