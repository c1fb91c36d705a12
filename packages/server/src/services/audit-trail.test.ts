import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { appendAudits, auditCheckpointHeads, useAuditKeyring } from '@renshe/db';
import { describeEachDatabase } from '@renshe/db/testing.ts';
import { developmentAuditKeyring } from '@renshe/domain/audit/audit-keys.ts';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFileCheckpointSink, MemoryCheckpointSink } from '../adapters/audit-checkpoint-sink.ts';
import { parseEnv } from '../env.ts';
import { TestClock } from '../testing.ts';
import {
  auditCheckpointFileFor,
  auditKeyringFrom,
  latestAuditCheckpoint,
  verifyAudit,
  writeAuditCheckpoint,
} from './audit-trail.ts';

const HEX = 'c3'.repeat(32);
const B64 = Buffer.alloc(32, 9).toString('base64');
const DEV_HEX = '72656e7368652d6465762d61756469742d6b65792d6e6f742d612d7365637265';
const problems = (source: Record<string, string>) => {
  const r = parseEnv(source);
  return r.ok ? [] : r.problems;
};

describe('audit configuration', () => {
  it('reads one key (id k1) or a list (first signs); without either, the development key', () => {
    const one = parseEnv({ AUDIT_HMAC_KEY: HEX });
    expect(one.ok && auditKeyringFrom(one.env).current.id).toBe('k1');
    const list = parseEnv({ AUDIT_HMAC_KEYS: `2026b:${B64},2026a:${HEX}` });
    if (!list.ok) throw new Error(list.problems.join());
    const ring = auditKeyringFrom(list.env);
    expect([ring.current.id, ...ring.byId.keys()]).toEqual(['2026b', '2026b', '2026a']);
    const none = parseEnv({});
    expect(none.ok && auditKeyringFrom(none.env)).toMatchObject({
      development: true,
      current: { id: 'dev' },
    });
  });

  it('reports bad keys with the other variables, and requires a real key in production', () => {
    expect(problems({ AUDIT_HMAC_KEY: 'abc123', PORT: 'x' })).toEqual([
      expect.stringMatching(/^PORT:/),
      expect.stringMatching(/^AUDIT_HMAC_KEY: a hex key needs at least 64 hex digits/),
    ]);
    expect(problems({ AUDIT_HMAC_KEYS: `a:${HEX},a:${B64}` })).toEqual([
      expect.stringMatching(/^AUDIT_HMAC_KEYS: entry 2: key id a given twice/),
    ]);
    expect(problems({ AUDIT_HMAC_KEY: HEX, AUDIT_HMAC_KEYS: `a:${HEX}` })).toEqual([
      'AUDIT_HMAC_KEYS: set AUDIT_HMAC_KEY or AUDIT_HMAC_KEYS, not both',
    ]);
    // Production also needs the data keys (field-cipher.test.ts); given here so only the audit key is at issue.
    const data = { DATA_KEYS: `d1:${'cd'.repeat(32)}`, DATA_HMAC_KEY: 'ef'.repeat(32) };
    expect(problems({ NODE_ENV: 'production', ...data })).toEqual([
      expect.stringMatching(/^AUDIT_HMAC_KEY: required when NODE_ENV=production/),
    ]);
    expect(problems({ NODE_ENV: 'production', ...data, AUDIT_HMAC_KEYS: `x:${HEX},old:${DEV_HEX}` })).toEqual(
      ['AUDIT_HMAC_KEY: the public development key is refused when NODE_ENV=production'],
    );
    expect(problems({ NODE_ENV: 'production', ...data, AUDIT_HMAC_KEY: B64 })).toEqual([]);
  });

  it('keeps checkpoints next to the embedded database folder, else in ./data, unless told', () => {
    const env = (e: Record<string, string>) => {
      const r = parseEnv(e);
      if (!r.ok) throw new Error(r.problems.join());
      return r.env;
    };
    expect(auditCheckpointFileFor(env({}))).toBe(resolve('data/audit-checkpoints.jsonl'));
    expect(auditCheckpointFileFor(env({ DATA_DIR: '/srv/renshe/pglite/' }))).toBe(
      '/srv/renshe/audit-checkpoints.jsonl',
    );
    expect(auditCheckpointFileFor(env({ DATABASE_URL: 'postgres://h/db' }))).toBe(
      resolve('data/audit-checkpoints.jsonl'),
    );
    expect(auditCheckpointFileFor(env({ AUDIT_CHECKPOINT_FILE: '/var/log/a.jsonl' }))).toBe(
      '/var/log/a.jsonl',
    );
  });
});

describe('LocalFileCheckpointSink', () => {
  const dir = mkdtempSync(join(tmpdir(), 'renshe-sink-'));

  it('appends lines (creating the folder) and reads the newest back, however long', async () => {
    const sink = new LocalFileCheckpointSink(join(dir, 'a', 'b', 'cp.jsonl'));
    expect(await sink.last()).toBeNull();
    await sink.append('{"n":1}');
    expect(await sink.last()).toBe('{"n":1}');
    const long = JSON.stringify({ n: 2, pad: 'x'.repeat(300_000) });
    await sink.append(long);
    expect(await sink.last()).toBe(long);
    await sink.append('{"n":3}');
    expect(await sink.last()).toBe('{"n":3}');
    expect(readFileSync(sink.path, 'utf8').split('\n')).toHaveLength(4);
  });

  it('ignores a line torn by a crash, and closes it off before the next append', async () => {
    const sink = new LocalFileCheckpointSink(join(dir, 'torn.jsonl'));
    writeFileSync(sink.path, '{"n":1}\n{"n":2');
    expect(await sink.last()).toBe('{"n":1}');
    await sink.append('{"n":3}');
    expect(readFileSync(sink.path, 'utf8')).toBe('{"n":1}\n{"n":2\n{"n":3}\n');
    expect(await sink.last()).toBe('{"n":3}');
    writeFileSync(sink.path, '{"n":1');
    expect(await sink.last()).toBeNull();
  });
});

describeEachDatabase('audit checkpoints', (t) => {
  const clock = new TestClock();
  const write = (region: string, n: number) =>
    t.handle.db.transaction().execute((trx) =>
      appendAudits(
        trx,
        Array.from({ length: n }, (_, i) => ({
          at: clock.now(),
          actorId: 'a',
          actorKind: 'staff',
          action: 'person.read',
          resourceType: 'person',
          resourceId: 'p1',
          regionCode: region,
          requestId: `${region}-${i}`,
        })),
      ),
    );
  afterAll(() => useAuditKeyring(developmentAuditKeyring()));

  it('writes signed heads; a later checkpoint keeps the heads of chains that lost rows (high-water mark)', async () => {
    const deps = { db: t.handle.db, clock, auditCheckpoints: new MemoryCheckpointSink() };
    await write('140100', 3);
    await write('370800', 2);
    const first = await writeAuditCheckpoint(deps);
    expect(first).toMatchObject({ kept: [], checkpoint: { count: 5, keyId: 'dev' } });
    expect((await latestAuditCheckpoint(deps.auditCheckpoints)).checkpoint).toEqual(first.checkpoint);

    const [jinan, taiyuan] = [first.checkpoint.heads[1]!, first.checkpoint.heads[0]!];
    await t.handle.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`delete from audit_log where partition = ${jinan.partition}`.execute(trx);
      await sql`delete from audit_chain_head where partition = ${jinan.partition}`.execute(trx);
      await sql`delete from audit_log where partition = ${taiyuan.partition} and seq = 3`.execute(trx);
      await sql`update audit_chain_head h set seq = 2, hash = l.hash from audit_log l
        where h.partition = ${taiyuan.partition} and l.partition = h.partition and l.seq = 2`.execute(trx);
    });
    await write('140100', 2); // and the chain grows again past where it was: a rewritten history
    clock.advance(600_000);
    const second = await writeAuditCheckpoint(deps);
    expect(second.kept).toEqual([
      { partition: taiyuan.partition, why: 'rewritten' },
      { partition: jinan.partition, why: 'missing' },
    ]);
    expect(second.checkpoint.heads).toEqual(first.checkpoint.heads);
    const v = await verifyAudit(deps);
    expect(v).toMatchObject({ ok: false, checkpointWritten: false });
    expect(v.findings.map((f) => [f.partition, f.reason])).toEqual([
      [taiyuan.partition, 'checkpoint_mismatch'],
      [jinan.partition, 'chain_deleted'],
    ]);
    expect(deps.auditCheckpoints.lines).toHaveLength(2);
  });

  it('a checkpoint line changed by hand is a finding, and is not used as the high-water mark', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'renshe-cp-')), 'cp.jsonl');
    const deps = { db: t.handle.db, clock, auditCheckpoints: new LocalFileCheckpointSink(file) };
    const w = await writeAuditCheckpoint(deps);
    await appendFile(file, `${JSON.stringify({ ...w.checkpoint, count: 0, heads: [] })}\n`);
    const latest = await latestAuditCheckpoint(deps.auditCheckpoints);
    expect(latest).toEqual({ checkpoint: null, problem: 'MAC does not verify' });
    expect((await verifyAudit(deps)).findings).toContainEqual({
      partition: '*',
      id: null,
      seq: 0,
      reason: 'checkpoint_invalid',
    });
    expect((await writeAuditCheckpoint(deps)).previousProblem).toBe('MAC does not verify');
    expect((await auditCheckpointHeads(t.handle.db)).heads.length).toBeGreaterThan(0);
  });
});
