import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing.ts';
import { appendAudit, appendAudits, verifyAuditChains } from './audit.repository.ts';

const entry = (i: number) => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  actorId: 'a1',
  actorKind: 'staff',
  action: 'person.read',
  resourceType: 'person',
  resourceId: `r${i % 5}`,
  regionCode: i % 2 ? '140100' : '370800',
  requestId: `req-${i}`,
  details: { note: `第${i}条`, idNumber: '11010519491231002X', phone: '13812345678' },
});

describeEachDatabase('audit chain', (t) => {
  it('appends concurrently without losing or duplicating links and verifies clean', async () => {
    const db = t.handle.db;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => db.transaction().execute((trx) => appendAudit(trx, entry(i)))),
    );
    const v = await verifyAuditChains(db);
    expect(v).toMatchObject({ ok: true, rows: 40 });
    expect(v.partitions).toBeGreaterThan(1);
  });

  it('appends many rows over several chains in one call, in the order given, interleaved with single appends', async () => {
    const db = t.handle.db;
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 7 }, (_, i) => entry(100 + b * 7 + i)),
    );
    await Promise.all([
      ...batches.map((batch) => db.transaction().execute((trx) => appendAudits(trx, batch))),
      ...Array.from({ length: 6 }, (_, i) =>
        db.transaction().execute((trx) => appendAudit(trx, entry(200 + i))),
      ),
    ]);
    const v = await verifyAuditChains(db);
    expect(v).toMatchObject({ ok: true, rows: 40 + 42 + 6 });
    // Within a chain, one call's rows keep their order.
    const first = batches[0]!;
    const rows = await db
      .selectFrom('audit_log')
      .select(['partition', 'seq', 'request_id'])
      .where(
        'request_id',
        'in',
        first.map((e) => e.requestId),
      )
      .orderBy('partition')
      .orderBy('seq')
      .execute();
    for (const [i, r] of rows.entries()) {
      const prev = rows[i - 1];
      if (prev?.partition !== r.partition) continue;
      const order = (id: string | null) => first.findIndex((e) => e.requestId === id);
      expect(order(r.request_id)).toBeGreaterThan(order(prev.request_id));
      expect(Number(r.seq)).toBeGreaterThan(Number(prev.seq));
    }
    expect(rows).toHaveLength(7);
  });

  it('never stores a full ID number or phone number', async () => {
    const rows = await t.handle.db.selectFrom('audit_log').select(['details', 'resource_id']).execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('110***********002X');
  });

  it('refuses UPDATE and DELETE on audit rows', async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(t.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.handle.db)).rejects.toThrow(/append-only/);
  });

  it('names the first tampered row when a row is altered behind the trigger', async () => {
    const db = t.handle.db;
    const victim = await db
      .selectFrom('audit_log')
      .select(['id', 'partition', 'seq'])
      .orderBy('id')
      .offset(7)
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(db);
    await sql`update audit_log set details = '{"note":"篡改"}'::jsonb where id = ${victim.id}`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_update_delete`.execute(db);
    const v = await verifyAuditChains(db);
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toEqual({
      partition: victim.partition,
      id: victim.id,
      seq: victim.seq,
      reason: 'hash_mismatch',
    });
  });

  it('detects a deleted row in the middle of a chain', async () => {
    const db = t.handle.db;
    // Pick a chain with at least 3 rows and delete its second row.
    const chain = await db
      .selectFrom('audit_log')
      .select(['partition'])
      .groupBy('partition')
      .having(sql`count(*)`, '>=', 3)
      .orderBy('partition', 'desc')
      .executeTakeFirstOrThrow();
    await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(db);
    await sql`delete from audit_log where partition = ${chain.partition} and seq = 2`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_update_delete`.execute(db);
    const v = await verifyAuditChains(db);
    expect(v.ok).toBe(false);
  });
});
