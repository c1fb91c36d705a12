/**
 * Opens the platform database: embedded PGlite (default, data kept in a local folder) or a PostgreSQL
 * server when a `postgres://` URL is given. Both return the same Kysely<Database> with the same value
 * types (see type-parsers.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
import { PG_OID, textParsers } from './type-parsers.ts';

/** Where the data lives. */
export type DatabaseConfig =
  | { driver: 'pglite'; dataDir?: string | undefined; loadDataDir?: Blob | undefined }
  | { driver: 'postgres'; url: string; poolSize?: number };

/** An open database and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  driver: DatabaseConfig['driver'];
  /** The embedded instance when driver is PGlite (for dumps); undefined on a server. */
  pglite?: PGlite;
  close(): Promise<void>;
}

/** Chooses the driver from a DATABASE_URL-style string: empty → PGlite in `dataDir`. */
export function databaseConfigFrom(
  url: string | undefined,
  dataDir: string | undefined,
  poolSize?: number,
): DatabaseConfig {
  if (url && /^postgres(ql)?:\/\//.test(url))
    return { driver: 'postgres', url, ...(poolSize ? { poolSize } : {}) };
  return { driver: 'pglite', dataDir };
}

/** Opens a database handle. PGlite without `dataDir` is in memory. */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.driver === 'pglite') {
    const parsers = Object.fromEntries(
      Object.entries(textParsers).map(([oid, fn]) => [oid, (text: string) => fn(text)]),
    );
    const pgl = await PGlite.create(config.dataDir ?? 'memory://', {
      parsers,
      ...(config.loadDataDir ? { loadDataDir: config.loadDataDir } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pgl) });
    return { db, driver: 'pglite', pglite: pgl, close: () => db.destroy() };
  }
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      const custom = textParsers[oid];
      if (custom && format !== 'binary') return custom;
      if (oid === PG_OID.int8Array || oid === PG_OID.dateArray) {
        const elem = oid === PG_OID.int8Array ? textParsers[PG_OID.int8]! : textParsers[PG_OID.date]!;
        const arrayParser = pg.types.getTypeParser(1009 as Parameters<typeof pg.types.getTypeParser>[0]); // text[]
        return (t: string) => (arrayParser(t) as string[]).map((v) => elem(v));
      }
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10, types });
  // An idle connection closed by the server (restart, admin terminate) must not crash the process;
  // the pool drops it and opens a new one on the next query.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, driver: 'postgres', close: () => db.destroy() };
}
