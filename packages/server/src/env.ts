/**
 * The one place that reads the environment. Every variable is validated together and every problem is
 * reported at once (not the first one only), then the process exits.
 */
import {
  type AuditKey,
  auditKey,
  decodeAuditKey,
  isDevelopmentAuditKey,
  parseAuditKeyList,
} from '@renshe/domain/audit/audit-keys.ts';
import {
  type Clock,
  isValidDate,
  offsetClock,
  startOfShanghaiDay,
  systemClock,
} from '@renshe/domain/dates.ts';
import { z } from 'zod';
import { isDevelopmentDataKey, parseDataHmacKey, parseDataKeyList } from './services/field-cipher.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant a RENSHE_TEST_NOW value names: an ISO 8601 instant with its offset
 * (`2026-12-31T09:00:00+08:00`, `…Z`), or a business date `YYYY-MM-DD` meaning 09:00 Asia/Shanghai that
 * day. Null when it is neither (an instant without an offset would depend on the machine's zone).
 */
export function parseTestNow(text: string): Date | null {
  if (isValidDate(text)) return new Date(startOfShanghaiDay(text).getTime() + 9 * 3600_000);
  if (!INSTANT_RE.test(text) || !isValidDate(text.slice(0, 10))) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** An audit key variable: hex or base64, at least 32 bytes (see domain/audit/audit-keys.ts). */
const auditKeys = (
  parse: (text: string) => { ok: true; keys: AuditKey[] } | { ok: false; message: string },
) =>
  z.string().transform((v, ctx) => {
    const r = parse(v);
    if (r.ok) return r.keys;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });

/** The platform's configuration, from environment variables. */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** postgres://… selects a PostgreSQL server; unset → embedded PGlite in DATA_DIR. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data/pglite'),
    /** Connections to a PostgreSQL server (ignored for PGlite). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /**
     * Unset: one process does everything (the default; embedded PGlite needs it). A number (PostgreSQL
     * only): that many HTTP processes (node:cluster, sharing the port), each with its own DATABASE_POOL_SIZE
     * connections, while the first process migrates, loads demo data and runs the background workers
     * (timers, agency dispatch, outbox), so their bursts never hold up a request.
     */
    SERVER_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /**
     * Send cookies with Secure. Unset: always in production; elsewhere whenever the request came over HTTPS
     * (directly, or as a trusted proxy says).
     */
    COOKIE_SECURE: bool.optional(),
    /**
     * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated addresses or
     * CIDR blocks, e.g. `10.0.0.0/8,127.0.0.1`). Unset: none — the client address is the socket's, so a
     * client cannot choose the address its login failures and lookups are counted against.
     */
    TRUSTED_PROXIES: z
      .string()
      .regex(/^[0-9a-fA-F:.,/\s]+$/, 'comma-separated IP addresses or CIDR blocks')
      .transform((v) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .optional(),
    /**
     * The site's origins (comma-separated, e.g. `https://rs.example.gov.cn`): a state-changing request from
     * a browser must come from one of them (CSRF). Unset: the origin the request was addressed to (its Host).
     */
    SITE_ORIGINS: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((x) => x.trim().replace(/\/+$/, ''))
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'origins like https://host[:port]')).min(1))
      .optional(),
    /**
     * A JSON file of extra records for the local registries (births, persons, households, marriages), added
     * to the demo records: e.g. more newborns for a load test. Until real registries are connected.
     */
    REGISTRY_DATA_FILE: z.string().min(1).optional(),
    /** Load demo departments and accounts at start (idempotent). */
    DEMO_DATA: bool.default(true),
    /**
     * Test only (refused in production): the server's clock starts at this instant and advances with real
     * time — an ISO instant with offset, or `YYYY-MM-DD` for 09:00 Asia/Shanghai that day.
     */
    RENSHE_TEST_NOW: z
      .string()
      .transform((v, ctx) => {
        const at = parseTestNow(v);
        if (at) return at;
        ctx.addIssue({
          code: 'custom',
          message: 'must be an ISO instant with its offset (2026-12-31T09:00:00+08:00) or a date YYYY-MM-DD',
        });
        return z.NEVER;
      })
      .optional(),
    /** The audit chain key (hex or base64, ≥ 32 bytes), id `k1`; required in production. */
    AUDIT_HMAC_KEY: auditKeys((v) => {
      const r = decodeAuditKey(v);
      return r.ok ? { ok: true, keys: [auditKey('k1', r.bytes)] } : r;
    }).optional(),
    /** Instead of AUDIT_HMAC_KEY, for rotation: `id:key,id:key,…`, the first signs, all verify. */
    AUDIT_HMAC_KEYS: auditKeys(parseAuditKeyList).optional(),
    /** The signed audit checkpoints (JSON lines); default `<DATA_DIR>/../audit-checkpoints.jsonl`. */
    AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
    /** Minutes between audit checkpoints written by the background workers. */
    AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    /**
     * Keys of personal data at rest: `id:base64key,…`, each 32 bytes (AES-256-GCM); the first seals, all
     * open (rotation: `npm run keys:rotate`). Required in production.
     */
    DATA_KEYS: z
      .string()
      .transform((v, ctx) => {
        const r = parseDataKeyList(v);
        if (r.ok) return r.keys;
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      })
      .optional(),
    /** The key of lookup hashes (HMAC-SHA-256; base64 or hex, ≥ 32 bytes). Required in production. */
    DATA_HMAC_KEY: z
      .string()
      .transform((v, ctx) => {
        const r = parseDataHmacKey(v);
        if (r.ok) return r.key;
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      })
      .optional(),
  })
  .refine((e) => !(e.AUDIT_HMAC_KEY && e.AUDIT_HMAC_KEYS), {
    path: ['AUDIT_HMAC_KEYS'],
    message: 'set AUDIT_HMAC_KEY or AUDIT_HMAC_KEYS, not both',
  })
  .refine((e) => e.NODE_ENV !== 'production' || e.AUDIT_HMAC_KEY || e.AUDIT_HMAC_KEYS, {
    path: ['AUDIT_HMAC_KEY'],
    message: 'required when NODE_ENV=production (≥ 32 bytes, hex or base64)',
  })
  .refine(
    (e) =>
      e.NODE_ENV !== 'production' ||
      ![...(e.AUDIT_HMAC_KEY ?? []), ...(e.AUDIT_HMAC_KEYS ?? [])].some(isDevelopmentAuditKey),
    { path: ['AUDIT_HMAC_KEY'], message: 'the public development key is refused when NODE_ENV=production' },
  )
  .refine((e) => e.NODE_ENV !== 'production' || e.DATA_KEYS, {
    path: ['DATA_KEYS'],
    message: 'required when NODE_ENV=production (id:base64key,… with 32-byte keys)',
  })
  .refine((e) => e.NODE_ENV !== 'production' || e.DATA_HMAC_KEY, {
    path: ['DATA_HMAC_KEY'],
    message: 'required when NODE_ENV=production (≥ 32 bytes, base64 or hex)',
  })
  .refine(
    (e) =>
      e.NODE_ENV !== 'production' ||
      ![...(e.DATA_KEYS ?? []).map((k) => k.secret), ...(e.DATA_HMAC_KEY ? [e.DATA_HMAC_KEY] : [])].some(
        isDevelopmentDataKey,
      ),
    { path: ['DATA_KEYS'], message: 'the public development keys are refused when NODE_ENV=production' },
  )
  .refine((e) => e.SERVER_PROCESSES === undefined || e.DATABASE_URL !== undefined, {
    path: ['SERVER_PROCESSES'],
    message: 'separate server processes need a PostgreSQL DATABASE_URL (embedded PGlite is one process)',
  })
  .refine((e) => e.RENSHE_TEST_NOW === undefined || e.NODE_ENV !== 'production', {
    path: ['RENSHE_TEST_NOW'],
    message: 'a test-only setting, refused when NODE_ENV=production',
  });

/** Validated configuration. */
export type Env = z.infer<typeof EnvSchema>;

/** Parses `source`; returns every problem with its variable name. */
export function parseEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: Env } | { ok: false; problems: string[] } {
  // An empty variable counts as unset (e.g. `DATABASE_URL=` to force embedded PGlite).
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const r = EnvSchema.safeParse(given);
  if (r.success) return { ok: true, env: r.data };
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

/** Reads process.env; on any problem prints them all and exits with status 78 (EX_CONFIG). */
export function readEnv(): Env {
  const r = parseEnv(process.env);
  if (r.ok) return r.env;
  console.error(
    `Configuration invalid (${r.problems.length} problem(s)):\n${r.problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(78);
}

/** The server's clock: the machine's, or under RENSHE_TEST_NOW one that starts at that instant. */
export function clockFor(env: Pick<Env, 'RENSHE_TEST_NOW'>): Clock {
  return env.RENSHE_TEST_NOW ? offsetClock(env.RENSHE_TEST_NOW) : systemClock;
}
