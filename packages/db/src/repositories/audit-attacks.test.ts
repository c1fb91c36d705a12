/**
 * What a database administrator can try on the audit trail, done with raw SQL behind the append-only
 * triggers (`session_replication_role = replica`, as a superuser can), and what verification says.
 * Each attack uses its own region (its own chains); a checkpoint is taken before it, as the background
 * workers would have.
 */
import {
  type AuditContent,
  type AuditFinding,
  auditHash,
  auditPartition,
  GENESIS_HASH,
} from '@renshe/domain/audit/audit-chain.ts';
import { type AuditCheckpoint, signAuditCheckpoint } from '@renshe/domain/audit/audit-checkpoint.ts';
import { auditKey, auditKeyring, developmentAuditKeyring } from '@renshe/domain/audit/audit-keys.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import type { AuditLogRow, Database } from '../schema.ts';
import { describeEachDatabase } from '../testing.ts';
import {
  type AuditVerification,
  appendAudits,
  auditCheckpointHeads,
  auditContentOf,
  currentAuditKeyring,
  useAuditKeyring,
  verifyAuditChains,
} from './audit.repository.ts';

const entry = (region: string, i: number, resourceId = 'p1', action = 'person.read') => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  actorId: 'staff-1',
  actorKind: 'staff',
  action,
  resourceType: 'person',
  resourceId,
  regionCode: region,
  requestId: `req-${region}-${i}`,
  details: { i },
});

/** Appends n rows to one chain of `region`; returns the chain. */
async function seed(db: Kysely<Database>, region: string, n: number, resourceId = 'p1'): Promise<string> {
  await db.transaction().execute((trx) =>
    appendAudits(
      trx,
      Array.from({ length: n }, (_, i) => entry(region, i + 1, resourceId)),
    ),
  );
  return auditPartition(region, 'person', resourceId);
}

/** As a superuser would: triggers off for this transaction only. */
function asDba(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<unknown>): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await fn(trx);
  });
}

const contentOf = auditContentOf;

const rowsOf = (db: Kysely<Database>, partition: string) =>
  db.selectFrom('audit_log').selectAll().where('partition', '=', partition).orderBy('seq').execute();

/**
 * The attacker's rewrite: from `fromSeq` on, rows are changed by `edit` and re-hashed with plain SHA-256
 * (all one can compute without the key), optionally marked as legacy rows; the head follows.
 */
async function rewrite(
  db: Kysely<Database>,
  partition: string,
  fromSeq: number,
  opts: { edit?: (r: AuditLogRow) => Partial<AuditLogRow>; asLegacy?: boolean } = {},
): Promise<void> {
  const rows = await rowsOf(db, partition);
  await asDba(db, async (trx) => {
    let prev = rows.find((r) => r.seq === fromSeq - 1)?.hash ?? GENESIS_HASH;
    for (const r of rows.filter((x) => x.seq >= fromSeq)) {
      const changed = { ...r, ...(r.seq === fromSeq ? opts.edit?.(r) : {}) };
      const hash = auditHash(prev, contentOf(changed));
      await trx
        .updateTable('audit_log')
        .set({
          details: JSON.stringify(changed.details),
          prev_hash: prev,
          hash,
          key_id: opts.asLegacy ? null : r.key_id,
        })
        .where('id', '=', r.id)
        .execute();
      prev = hash;
    }
    await trx
      .updateTable('audit_chain_head')
      .set({ hash: prev })
      .where('partition', '=', partition)
      .execute();
  });
}

/** A signed checkpoint of the heads now (what the background workers write every N minutes). */
async function checkpoint(db: Kysely<Database>): Promise<AuditCheckpoint> {
  const { heads } = await auditCheckpointHeads(db);
  return signAuditCheckpoint(new Date('2026-01-02T00:00:00Z'), heads, currentAuditKeyring());
}

const of = (v: AuditVerification, partition: string) =>
  v.findings.filter((f) => f.partition === partition).map((f) => ({ reason: f.reason, seq: f.seq }));

const finding = (partition: string, reason: AuditFinding['reason'], seq: number, id: number | null) => ({
  partition,
  reason,
  seq,
  id,
});

describeEachDatabase('audit chain attacks', (t) => {
  afterAll(() => useAuditKeyring(developmentAuditKeyring()));

  it('an untouched database verifies clean, with and without its checkpoint', async () => {
    const db = t.handle.db;
    for (const region of ['140100', '140200', '370800']) {
      await seed(db, region, 4, 'p1');
      await seed(db, region, 2, 'p2');
    }
    const plain = await verifyAuditChains(db);
    expect(plain).toMatchObject({ ok: true, rows: 18, legacyRows: 0, findings: [], checkpoint: null });
    expect(plain.firstBreak).toBeUndefined();
    const cp = await checkpoint(db);
    const sealed = await verifyAuditChains(db, { checkpoint: cp });
    expect(sealed).toMatchObject({ ok: true, findings: [], checkpoint: { count: 18 } });
    const keyIds = await db.selectFrom('audit_log').select('key_id').distinct().execute();
    expect(keyIds).toEqual([{ key_id: 'dev' }]);
  });

  it('names an edited row (hash_mismatch)', async () => {
    const db = t.handle.db;
    const p = await seed(db, '140300', 4);
    const cp = await checkpoint(db);
    const victim = (await rowsOf(db, p))[1]!;
    await asDba(db, (trx) =>
      sql`update audit_log set details = '{"i":"篡改"}'::jsonb where id = ${victim.id}`.execute(trx),
    );
    const v = await verifyAuditChains(db, { checkpoint: cp });
    expect(v.ok).toBe(false);
    expect(of(v, p)).toEqual([{ reason: 'hash_mismatch', seq: 2 }]);
  });

  it('names a chain rewritten with recomputed, unkeyed SHA-256 hashes (hash_recomputed)', async () => {
    const db = t.handle.db;
    const p = await seed(db, '140400', 5);
    const cp = await checkpoint(db);
    await rewrite(db, p, 3, { edit: () => ({ details: { i: '改写' } }) });
    const victim = (await rowsOf(db, p))[2]!;
    // Without a checkpoint the key alone catches it; the checkpoint adds that the history changed.
    expect((await verifyAuditChains(db)).findings.filter((f) => f.partition === p)).toEqual([
      finding(p, 'hash_recomputed', 3, victim.id),
    ]);
    const v = await verifyAuditChains(db, { checkpoint: cp });
    expect(of(v, p)).toEqual([
      { reason: 'hash_recomputed', seq: 3 },
      { reason: 'checkpoint_mismatch', seq: 5 },
    ]);
  });

  it('names keyed rows re-hashed as legacy rows (legacy_after_keyed), and a whole chain so (checkpoint_mismatch)', async () => {
    const db = t.handle.db;
    const tailOnly = await seed(db, '140500', 4);
    const whole = await seed(db, '140500', 3, 'p2');
    const cp = await checkpoint(db);
    await rewrite(db, tailOnly, 3, { asLegacy: true, edit: () => ({ details: { i: 0 } }) });
    await rewrite(db, whole, 1, { asLegacy: true, edit: () => ({ details: { i: 0 } }) });
    const v = await verifyAuditChains(db, { checkpoint: cp });
    expect(of(v, tailOnly)).toEqual([
      { reason: 'legacy_after_keyed', seq: 3 },
      { reason: 'checkpoint_mismatch', seq: 4 },
    ]);
    expect(of(v, whole)).toEqual([{ reason: 'checkpoint_mismatch', seq: 3 }]);
  });

  it('names a row deleted in the middle of a chain (seq_gap)', async () => {
    const db = t.handle.db;
    const p = await seed(db, '140600', 4);
    const cp = await checkpoint(db);
    await asDba(db, (trx) => sql`delete from audit_log where partition = ${p} and seq = 2`.execute(trx));
    const v = await verifyAuditChains(db, { checkpoint: cp });
    expect(of(v, p)).toEqual([{ reason: 'seq_gap', seq: 3 }]);
  });

  it('names a chain deleted whole, head and all (chain_deleted)', async () => {
    const db = t.handle.db;
    const p = await seed(db, '140700', 3, 'watched-person');
    const cp = await checkpoint(db);
    await asDba(db, async (trx) => {
      await sql`delete from audit_log where partition = ${p}`.execute(trx);
      await sql`delete from audit_chain_head where partition = ${p}`.execute(trx);
    });
    // The database alone is consistent: only the checkpoint remembers the chain.
    expect(of(await verifyAuditChains(db), p)).toEqual([]);
    const v = await verifyAuditChains(db, { checkpoint: cp });
    expect(v.findings.filter((f) => f.partition === p)).toEqual([finding(p, 'chain_deleted', 3, null)]);
  });

  it('names rows cut off the end, with the head rewound (checkpoint_ahead) or not (tail_missing)', async () => {
    const db = t.handle.db;
    const rewound = await seed(db, '140800', 5);
    const left = await seed(db, '140800', 4, 'p2');
    const cp = await checkpoint(db);
    const r3 = (await rowsOf(db, rewound))[2]!;
    await asDba(db, async (trx) => {
      await sql`delete from audit_log where partition = ${rewound} and seq > 3`.execute(trx);
      await sql`update audit_chain_head set seq = 3, hash = ${r3.hash} where partition = ${rewound}`.execute(
        trx,
      );
      await sql`delete from audit_log where partition = ${left} and seq = 4`.execute(trx);
    });
    expect(of(await verifyAuditChains(db), rewound)).toEqual([]);
    const v = await verifyAuditChains(db, { checkpoint: cp });
    expect(of(v, rewound)).toEqual([{ reason: 'checkpoint_ahead', seq: 4 }]);
    expect(of(v, left)).toEqual([
      { reason: 'tail_missing', seq: 4 },
      { reason: 'checkpoint_ahead', seq: 4 },
    ]);
  });

  it('names a row added to a chain that has no head (head_missing), and one past its head (beyond_head)', async () => {
    const db = t.handle.db;
    const p = await seed(db, '140900', 2);
    const cp = await checkpoint(db);
    const foreign = auditPartition('140900', 'person', 'nobody');
    const last = (await rowsOf(db, p))[1]!;
    await asDba(db, async (trx) => {
      const c1 = { ...contentOf(last), partition: foreign, seq: 1, resourceId: 'nobody' };
      await trx
        .insertInto('audit_log')
        .values(raw(c1, GENESIS_HASH, null))
        .execute();
      const c3 = { ...contentOf(last), seq: 3 };
      await trx
        .insertInto('audit_log')
        .values(raw(c3, last.hash, 'dev'))
        .execute();
    });
    const v = await verifyAuditChains(db, { checkpoint: cp });
    const ids = await db
      .selectFrom('audit_log')
      .select(['id', 'partition'])
      .where('seq', '=', 3)
      .where('partition', '=', p)
      .executeTakeFirstOrThrow();
    expect(of(v, foreign)).toEqual([
      { reason: 'head_missing', seq: 1 },
      { reason: 'legacy_unsealed', seq: 1 },
    ]);
    expect(v.findings).toContainEqual(finding(p, 'beyond_head', 3, ids.id));
    expect(of(v, p)).toEqual([
      { reason: 'hash_recomputed', seq: 3 },
      { reason: 'beyond_head', seq: 3 },
    ]);
  });

  it('verifies legacy rows from before keys, continued by keyed rows; refuses a legacy row after them', async () => {
    const db = t.handle.db;
    const p = auditPartition('141000', 'person', 'p1');
    // As the code before migration 0007 wrote them: plain SHA-256, no key id.
    let prev = GENESIS_HASH;
    await asDba(db, async (trx) => {
      for (let seq = 1; seq <= 3; seq++) {
        const c = { ...contentOf({ ...fakeRow(p, seq) }) };
        const hash = auditHash(prev, c);
        await trx
          .insertInto('audit_log')
          .values(raw(c, prev, null, hash))
          .execute();
        prev = hash;
      }
      await trx.insertInto('audit_chain_head').values({ partition: p, seq: 3, hash: prev }).execute();
    });
    const before = await verifyAuditChains(db);
    expect(of(before, p)).toEqual([]);
    const cp = await checkpoint(db); // the first checkpoint after the upgrade pins the legacy rows
    await seed(db, '141000', 2);
    const after = await verifyAuditChains(db, { checkpoint: cp });
    expect(of(after, p)).toEqual([]);
    expect(after.legacyRows).toBeGreaterThanOrEqual(3);
    const last = (await rowsOf(db, p)).at(-1)!;
    await asDba(db, async (trx) => {
      const c = { ...contentOf(last), seq: 6 };
      const hash = auditHash(last.hash, c);
      await trx
        .insertInto('audit_log')
        .values(raw(c, last.hash, null, hash))
        .execute();
      await trx.updateTable('audit_chain_head').set({ seq: 6, hash }).where('partition', '=', p).execute();
    });
    expect(of(await verifyAuditChains(db, { checkpoint: cp }), p)).toEqual([
      { reason: 'legacy_after_keyed', seq: 6 },
    ]);
  });

  it('verifies each row by the key its id names across a rotation; a key no longer held is named', async () => {
    const db = t.handle.db;
    const k1 = auditKey('k1', Buffer.alloc(32, 1));
    const k2 = auditKey('k2', Buffer.alloc(32, 2));
    const dev = developmentAuditKeyring().current;
    useAuditKeyring(auditKeyring([k1, dev]));
    const p = await seed(db, '141100', 2);
    useAuditKeyring(auditKeyring([k2, k1, dev]));
    await seed(db, '141100', 2);
    const rows = await rowsOf(db, p);
    expect(rows.map((r) => r.key_id)).toEqual(['k1', 'k1', 'k2', 'k2']);
    expect(of(await verifyAuditChains(db), p)).toEqual([]);
    const withoutK1 = await verifyAuditChains(db, { keyring: auditKeyring([k2, dev]) });
    expect(of(withoutK1, p)).toEqual([{ reason: 'unknown_key', seq: 1 }]);
    useAuditKeyring(developmentAuditKeyring());
  });
});

/** A row as stored (for the attacker's inserts). */
function raw(c: AuditContent, prevHash: string, keyId: string | null, hash = auditHash(prevHash, c)) {
  return {
    partition: c.partition,
    seq: c.seq,
    at: c.at,
    actor_id: c.actorId,
    actor_kind: c.actorKind,
    action: c.action,
    resource_type: c.resourceType,
    resource_id: c.resourceId,
    region_code: c.regionCode,
    request_id: c.requestId,
    details: JSON.stringify(c.details),
    prev_hash: prevHash,
    hash,
    key_id: keyId,
  };
}

function fakeRow(partition: string, seq: number): AuditLogRow {
  return {
    id: 0,
    partition,
    seq,
    at: new Date(Date.UTC(2025, 11, 1, 0, 0, seq)),
    actor_id: 'staff-0',
    actor_kind: 'staff',
    action: 'person.read',
    resource_type: 'person',
    resource_id: 'p1',
    region_code: '141000',
    request_id: `legacy-${seq}`,
    details: { legacy: seq },
    prev_hash: '',
    hash: '',
    key_id: null,
  };
}
