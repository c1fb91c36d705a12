/**
 * A small Kysely dialect for PGlite (embedded PostgreSQL in WASM).
 *
 * PGlite has one session. Kysely may run several transactions concurrently, so every connection
 * acquisition takes a mutex and holds it until release: a transaction owns the session from BEGIN to
 * COMMIT/ROLLBACK, and no other query interleaves (the `kysely-pglite` package lacks this; see stack.md).
 */
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** FIFO mutex guarding PGlite's single session. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }
}

/**
 * PGlite attaches a failed query's parameters (and options) to its error, so a logged error would carry the
 * values — password hashes, sealed or not-yet-sealed personal data. They are removed; the SQL text (with
 * `$1` placeholders) stays for diagnosis, as with the PostgreSQL driver.
 */
function withoutParameters(e: unknown): unknown {
  if (e && typeof e === 'object') {
    const err = e as Record<string, unknown>;
    delete err.params;
    delete err.queryOptions;
  }
  return e;
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.pg.query<R>(compiled.sql, [...compiled.parameters]).catch((e: unknown) => {
      throw withoutParameters(e);
    });
    const affected = res.affectedRows ?? 0;
    const command = compiled.query.kind;
    const isWrite =
      command === 'InsertQueryNode' ||
      command === 'UpdateQueryNode' ||
      command === 'DeleteQueryNode' ||
      command === 'MergeQueryNode';
    return isWrite ? { rows: res.rows, numAffectedRows: BigInt(affected) } : { rows: res.rows };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported on PGlite; fail loudly.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported by the PGlite dialect');
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  readonly #conn: PGliteConnection;

  constructor(private readonly pg: PGlite) {
    this.#conn = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    // One object per acquisition so a release cannot free someone else's lock.
    const conn = Object.create(this.#conn) as PGliteConnection;
    this.#releases.set(conn, release);
    return conn;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const parts = ['begin'];
    if (settings.isolationLevel) parts.push(`isolation level ${settings.isolationLevel}`);
    if (settings.accessMode) parts.push(settings.accessMode);
    await conn.executeQuery(CompiledQuery.raw(parts.join(' ')));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    const release = this.#releases.get(conn);
    this.#releases.delete(conn);
    release?.();
  }

  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

/** Kysely dialect over one PGlite instance. */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector accepts any database type.
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
