/**
 * The one place that reads the environment. Every variable is validated together and every problem is
 * reported at once (not the first one only), then the process exits.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

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
    /** Send cookies with Secure (behind HTTPS). Defaults to on in production. */
    COOKIE_SECURE: bool.optional(),
    /**
     * A JSON file of extra records for the local registries (births, persons, households, marriages), added
     * to the demo records: e.g. more newborns for a load test. Until real registries are connected.
     */
    REGISTRY_DATA_FILE: z.string().min(1).optional(),
    /** Load demo departments and accounts at start (idempotent). */
    DEMO_DATA: bool.default(true),
  })
  .refine((e) => e.SERVER_PROCESSES === undefined || e.DATABASE_URL !== undefined, {
    path: ['SERVER_PROCESSES'],
    message: 'separate server processes need a PostgreSQL DATABASE_URL (embedded PGlite is one process)',
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
