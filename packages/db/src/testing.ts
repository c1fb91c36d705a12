/**
 * Test databases: every database test file runs its suite on PGlite and on the PostgreSQL server, each
 * with a fresh, migrated database that is dropped afterwards. When no server answers, the PostgreSQL
 * half is skipped and the reason is printed (a laptop without PostgreSQL can still run `npm test`).
 *
 * The PGlite database is restored from a migrated template made once per run by the vitest global setup
 * (0.4 s instead of a 3 s cold start + migrations).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
    postgresUrl: string | null;
    postgresSkipReason: string | null;
  }
}

/** The drivers a database suite runs on. */
export type TestDriver = 'pglite' | 'postgres';

/** Creates a fresh migrated database on the given driver. */
export async function createTestDatabase(driver: TestDriver): Promise<DatabaseHandle> {
  if (driver === 'pglite') {
    const bytes = await readFile(inject('pgliteTemplatePath'));
    const handle = await openDatabase({ driver: 'pglite', loadDataDir: new Blob([bytes]) });
    await migrateToLatest(handle.db); // no-op on the template; proves re-runnability on every file
    return handle;
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('PostgreSQL server not available');
  const name = `renshe_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 40 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Live view of the current file's database for one driver. */
export interface TestDatabase {
  readonly handle: DatabaseHandle;
  readonly driver: TestDriver;
}

/**
 * Declares `body` once per driver, as `describe('<title> [pglite]')` and `describe('<title> [postgres]')`,
 * each with a fresh database for the whole block.
 */
export function describeEachDatabase(title: string, body: (t: TestDatabase) => void): void {
  for (const driver of ['pglite', 'postgres'] as const) {
    const skipReason = driver === 'postgres' ? inject('postgresSkipReason') : null;
    const run = skipReason ? describe.skip : describe;
    run(`${title} [${driver}]${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
      let handle: DatabaseHandle | undefined;
      beforeAll(async () => {
        handle = await createTestDatabase(driver);
      });
      afterAll(async () => {
        await handle?.close();
      });
      body({
        get handle() {
          if (!handle) throw new Error('test database not ready');
          return handle;
        },
        driver,
      });
    });
  }
}
