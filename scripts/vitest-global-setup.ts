/**
 * Runs once per `vitest run`: builds the migrated PGlite template and finds the PostgreSQL server that
 * database tests use (PG_TEST_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '@renshe/db/database.ts';
import { migrateToLatest } from '@renshe/db/migrate.ts';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = join(process.cwd(), '.tmp');
  await mkdir(dir, { recursive: true });
  const handle = await openDatabase({ driver: 'pglite' });
  await migrateToLatest(handle.db);
  const dump = await handle.pglite!.dumpDataDir('none');
  const templatePath = join(dir, `pglite-template-${process.pid}.tar`);
  await writeFile(templatePath, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgliteTemplatePath', templatePath);

  const url = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const host = new URL(url).host;
  if (process.env.RENSHE_TEST_POSTGRES === '0') {
    project.provide('postgresUrl', null);
    project.provide('postgresSkipReason', 'RENSHE_TEST_POSTGRES=0');
  } else {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      const r = await client.query('show server_version');
      await client.end();
      project.provide('postgresUrl', url);
      project.provide('postgresSkipReason', null);
      console.log(
        `[db tests] drivers: PGlite (embedded) + PostgreSQL ${r.rows[0].server_version} at ${host}`,
      );
    } catch (e) {
      const reason = `no PostgreSQL server at ${host} (${(e as Error).message})`;
      console.warn(`[db tests] drivers: PGlite only; PostgreSQL-server tests SKIPPED: ${reason}`);
      project.provide('postgresUrl', null);
      project.provide('postgresSkipReason', reason);
    }
  }
  return async () => {
    await rm(templatePath, { force: true });
  };
}
