import { mkdtempSync, readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAccountByLogin } from '@renshe/db';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { LocalFileCheckpointSink } from './adapters/audit-checkpoint-sink.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { writeAuditCheckpoint } from './services/audit-trail.ts';
import { describeEachApp } from './testing.ts';

const citizenLogin = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;

/** Each database run its own checkpoint file (outside the database, as in production). */
const files: string[] = [];
const sink = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'renshe-audit-api-')), 'audit-checkpoints.jsonl');
  files.push(file);
  return { auditCheckpoints: new LocalFileCheckpointSink(file) };
};
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

describeEachApp(
  'audit trail',
  (t) => {
    it('records a staff read of a person with actor, resource and request id, masked', async () => {
      const staff = await t.login('ty_gs');
      const person = (await findAccountByLogin(t.deps.db, citizenLogin))!;
      const res = await t.call({
        method: 'GET',
        url: `/api/v1/persons/${person.id}`,
        cookie: staff,
        headers: { 'x-request-id': 'audit-read-0001' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().loginName).not.toBe(citizenLogin); // masked for staff
      // The phone too (issue 11: staff of any department saw it whole); the citizen sees it whole.
      expect(res.json().phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(res.json().phone).not.toBe(person.phone);
      const own = await t.call({
        method: 'GET',
        url: `/api/v1/persons/${person.id}`,
        cookie: await t.login(citizenLogin),
      });
      expect(own.json().phone).toBe(person.phone);
      const row = await t.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('request_id', '=', 'audit-read-0001')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        action: 'person.read',
        actor_kind: 'staff',
        resource_type: 'person',
        resource_id: person.id,
      });
      const dump = JSON.stringify(await t.deps.db.selectFrom('audit_log').selectAll().execute());
      expect(dump).not.toContain(citizenLogin);
    });

    it('a denied read writes nothing; every write so far verifies clean', async () => {
      const other = await t.login('jn_gs');
      const person = (await findAccountByLogin(t.deps.db, citizenLogin))!;
      const denied = await t.call({
        method: 'GET',
        url: `/api/v1/persons/${person.id}`,
        cookie: other,
        headers: { 'x-request-id': 'audit-deny-0001' },
      });
      expect(denied.statusCode).toBe(403);
      const rows = await t.deps.db
        .selectFrom('audit_log')
        .select('id')
        .where('request_id', '=', 'audit-deny-0001')
        .execute();
      expect(rows).toEqual([]);
      const admin = await t.login('admin');
      const v = await t.call({ method: 'POST', url: '/api/v1/admin/audit/verify', cookie: admin });
      expect(v.json()).toMatchObject({ ok: true, findings: [], checkpoint: null, checkpointWritten: true });
      expect(v.json().rows).toBeGreaterThan(10);
      // A clean verification is checkpointed outside the database, signed; the next one compares with it.
      const file = t.deps.auditCheckpoints.where;
      expect(lines(file)).toHaveLength(1);
      expect(JSON.parse(lines(file)[0]!)).toMatchObject({ keyId: 'dev', count: v.json().rows });
      const again = await t.call({ method: 'POST', url: '/api/v1/admin/audit/verify', cookie: admin });
      expect(again.json()).toMatchObject({ ok: true, checkpoint: { count: v.json().rows } });
    });

    it('names the first broken row after tampering', async () => {
      const victim = await t.deps.db
        .selectFrom('audit_log')
        .select(['id', 'partition', 'seq'])
        .where('action', '=', 'account.create')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(t.deps.db);
      await sql`update audit_log set actor_kind = 'admin' where id = ${victim.id}`.execute(t.deps.db);
      await sql`alter table audit_log enable trigger audit_log_no_update_delete`.execute(t.deps.db);
      const admin = await t.login('admin');
      const v = await t.call({ method: 'POST', url: '/api/v1/admin/audit/verify', cookie: admin });
      expect(v.json()).toMatchObject({
        ok: false,
        firstBreak: { id: victim.id, partition: victim.partition, reason: 'hash_mismatch' },
        checkpointWritten: false,
      });
      expect(v.json().findings).toContainEqual({
        id: victim.id,
        partition: victim.partition,
        seq: victim.seq,
        reason: 'hash_mismatch',
      });
    });

    it('names a chain holding a person.read deleted whole, and a chain cut off with its head rewound, even after later checkpoints', async () => {
      const read = await t.deps.db
        .selectFrom('audit_log')
        .select(['partition'])
        .where('request_id', '=', 'audit-read-0001')
        .executeTakeFirstOrThrow();
      const admin = await t.login('admin'); // (its login row is written before the attack)
      const verify = async () =>
        (await t.call({ method: 'POST', url: '/api/v1/admin/audit/verify', cookie: admin })).json();
      const broken: string[] = (await verify()).findings.map((f: { partition: string }) => f.partition);
      const cut = await t.deps.db
        .selectFrom('audit_log')
        .select(['partition', (eb) => eb.fn.max('seq').as('seq')])
        .where('partition', 'not in', [read.partition, ...broken])
        .groupBy('partition')
        .having(sql`count(*)`, '>=', 2)
        .orderBy('partition')
        .executeTakeFirstOrThrow();
      await writeAuditCheckpoint(t.deps); // the background workers' periodic checkpoint
      await t.deps.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`delete from audit_log where partition = ${read.partition}`.execute(trx);
        await sql`delete from audit_chain_head where partition = ${read.partition}`.execute(trx);
        await sql`delete from audit_log where partition = ${cut.partition} and seq = ${cut.seq}`.execute(trx);
        await sql`update audit_chain_head h set seq = l.seq, hash = l.hash from audit_log l
        where h.partition = ${cut.partition} and l.partition = h.partition and l.seq = ${Number(cut.seq) - 1}`.execute(
          trx,
        );
      });
      // The next periodic checkpoint does not forget them: it keeps their previous heads.
      const written = await writeAuditCheckpoint(t.deps);
      expect(written.kept).toEqual(
        expect.arrayContaining([
          { partition: read.partition, why: 'missing' },
          { partition: cut.partition, why: 'behind' },
        ]),
      );
      const v = await verify();
      expect(v.ok).toBe(false);
      expect(v.findings).toContainEqual({
        partition: read.partition,
        id: null,
        seq: expect.any(Number),
        reason: 'chain_deleted',
      });
      expect(v.findings).toContainEqual({
        partition: cut.partition,
        id: null,
        seq: Number(cut.seq),
        reason: 'checkpoint_ahead',
      });
    });

    it('names a checkpoint line written without the key (checkpoint_invalid)', async () => {
      const file = t.deps.auditCheckpoints.where;
      const last = JSON.parse(lines(file).at(-1)!);
      await appendFile(file, `${JSON.stringify({ ...last, heads: [], count: 0 })}\n`);
      const admin = await t.login('admin');
      const v = (await t.call({ method: 'POST', url: '/api/v1/admin/audit/verify', cookie: admin })).json();
      expect(v).toMatchObject({ ok: false, checkpoint: null, checkpointWritten: false });
      expect(v.findings).toContainEqual({ partition: '*', id: null, seq: 0, reason: 'checkpoint_invalid' });
    });
  },
  sink,
);
