import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.ts';
import { describeEachDatabase } from './testing.ts';

describeEachDatabase('database', (t) => {
  it('is migrated and re-running migrations is a no-op', async () => {
    expect(await migrateToLatest(t.handle.db)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by 1`.execute(
      t.handle.db,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['account', 'audit_log', 'department', 'session']),
    );
  });

  it('returns the same JS types from both drivers', async () => {
    const r = await sql<{
      n: unknown;
      big: unknown;
      s: unknown;
      num: unknown;
      d: unknown;
      ts: unknown;
      j: unknown;
      arr: unknown;
    }>`select count(*) as n, 9007199254740991::int8 as big, sum(x) as s, 1.50::numeric as num,
         date '2024-02-29' as d, timestamptz '2024-02-29 16:30:00+00' as ts, '{"a":1}'::jsonb as j,
         array['a','b']::text[] as arr
       from (values (1),(2)) v(x)`.execute(t.handle.db);
    const row = r.rows[0]!;
    expect(row.n).toBe(2);
    expect(row.big).toBe(Number.MAX_SAFE_INTEGER);
    expect(row.s).toBe(3);
    expect(row.num).toBe('1.50');
    expect(row.d).toBe('2024-02-29');
    expect(row.ts).toBeInstanceOf(Date);
    expect((row.ts as Date).toISOString()).toBe('2024-02-29T16:30:00.000Z');
    expect(row.j).toEqual({ a: 1 });
    expect(row.arr).toEqual(['a', 'b']);
  });

  it('refuses an int8 beyond the safe integer range instead of losing precision', async () => {
    await expect(sql`select 9007199254740993::int8 as big`.execute(t.handle.db)).rejects.toThrow(
      /safe integer/,
    );
  });

  it('rolls back a failed transaction completely and keeps concurrent transactions apart', async () => {
    const db = t.handle.db;
    await db
      .insertInto('department')
      .values({ code: 'T1', name: '测试', agency: 'hrss', region_code: '140100' })
      .execute();
    const failing = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('department')
        .values({ code: 'T2', name: '回滚', agency: 'hrss', region_code: '140100' })
        .execute();
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('boom');
    });
    const other = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('department')
        .values({ code: 'T3', name: '保留', agency: 'hrss', region_code: '140100' })
        .execute();
    });
    await expect(failing).rejects.toThrow('boom');
    await other;
    const codes = (
      await db.selectFrom('department').select('code').where('code', 'like', 'T%').orderBy('code').execute()
    ).map((r) => r.code);
    expect(codes).toEqual(['T1', 'T3']);
  });

  it('reports affected row counts for updates', async () => {
    const r = await t.handle.db
      .updateTable('department')
      .set({ name: '测试二' })
      .where('code', 'in', ['T1', 'T3'])
      .executeTakeFirst();
    expect(r.numUpdatedRows).toBe(2n);
  });
});

describe('database config', () => {
  it('chooses PostgreSQL only for a postgres:// URL', async () => {
    const { databaseConfigFrom } = await import('./database.ts');
    expect(databaseConfigFrom('postgres://x@h/db', 'data')).toEqual({
      driver: 'postgres',
      url: 'postgres://x@h/db',
    });
    expect(databaseConfigFrom(undefined, 'data')).toEqual({ driver: 'pglite', dataDir: 'data' });
  });
});
