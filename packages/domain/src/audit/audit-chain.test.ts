import { describe, expect, it } from 'vitest';
import {
  type AuditContent,
  type AuditLink,
  auditHash,
  auditHmac,
  ChainWalk,
  GENESIS_HASH,
} from './audit-chain.ts';
import { auditCheckpointLine, readAuditCheckpoint, signAuditCheckpoint } from './audit-checkpoint.ts';
import {
  auditKey,
  auditKeyring,
  DEVELOPMENT_AUDIT_KEY_ID,
  decodeAuditKey,
  developmentAuditKeyring,
  isDevelopmentAuditKey,
  parseAuditKeyList,
} from './audit-keys.ts';

const HEX = 'a1'.repeat(32);
const B64 = Buffer.alloc(32, 7).toString('base64');
const ring = auditKeyring([auditKey('k2', Buffer.alloc(32, 2)), auditKey('k1', Buffer.alloc(32, 1))]);

const content = (seq: number, partition = '140100/3'): AuditContent => ({
  partition,
  seq,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
  actorId: 'a1',
  actorKind: 'staff',
  action: 'person.read',
  resourceType: 'person',
  resourceId: 'p1',
  regionCode: '140100',
  requestId: `req-${seq}`,
  details: { n: seq },
});

/** A chain of n rows; `legacy` rows (unkeyed SHA-256) first, the rest under the keyring's current key. */
function chain(n: number, legacy = 0): AuditLink[] {
  const rows: AuditLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const c = content(seq);
    const keyed = seq > legacy;
    const hash = keyed ? auditHmac(ring.current, prev, c) : auditHash(prev, c);
    rows.push({ ...c, id: seq, prevHash: prev, hash, keyId: keyed ? ring.current.id : null });
    prev = hash;
  }
  return rows;
}

function walk(
  rows: readonly AuditLink[],
  opts: {
    head?: { seq: number; hash: string };
    sealed?: { seq: number; hash: string };
    checkpointed?: boolean;
  } = {},
) {
  const last = rows.at(-1);
  const w = new ChainWalk('140100/3', {
    keyring: ring,
    head: 'head' in opts ? opts.head : last && { seq: last.seq, hash: last.hash },
    sealed: opts.sealed,
    checkpointed: opts.checkpointed ?? opts.sealed !== undefined,
  });
  for (const r of rows) w.row(r);
  return w.end().map((f) => `${f.reason}@${f.seq}`);
}

describe('audit keys', () => {
  it('reads hex and base64 keys of at least 32 bytes', () => {
    expect(decodeAuditKey(HEX)).toMatchObject({ ok: true });
    expect(decodeAuditKey(B64)).toMatchObject({ ok: true });
    expect(decodeAuditKey('a1'.repeat(31))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/64 hex/),
    });
    expect(decodeAuditKey(Buffer.alloc(31).toString('base64'))).toMatchObject({ ok: false });
    expect(decodeAuditKey('not a key!')).toMatchObject({ ok: false, message: 'must be hex or base64' });
  });

  it('reads id:key lists in order, the first current, and names every bad entry', () => {
    const r = parseAuditKeyList(`new:${HEX}, old:${B64}`);
    expect(r.ok && r.keys.map((k) => k.id)).toEqual(['new', 'old']);
    const bad = parseAuditKeyList(`a:${HEX},a:${B64},:x,b:short`);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message).toContain('entry 2: key id a given twice');
      expect(bad.message).toContain('entry 3');
      expect(bad.message).toContain('entry 4 (b)');
    }
  });

  it('knows the public development key under any id', () => {
    const dev = developmentAuditKeyring();
    expect(dev).toMatchObject({ development: true, current: { id: DEVELOPMENT_AUDIT_KEY_ID } });
    expect(isDevelopmentAuditKey(dev.current)).toBe(true);
    expect(isDevelopmentAuditKey(ring.current)).toBe(false);
  });
});

describe('ChainWalk', () => {
  it('passes an intact keyed chain, and a legacy prefix continued with keyed rows', () => {
    expect(walk(chain(5))).toEqual([]);
    expect(walk(chain(5, 2))).toEqual([]);
  });

  it('verifies each row with the key its id names (rotation)', () => {
    const old = auditKeyring([ring.byId.get('k1')!]);
    const rows: AuditLink[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 4; seq++) {
      const key = seq <= 2 ? old.current : ring.current;
      const c = content(seq);
      const hash = auditHmac(key, prev, c);
      rows.push({ ...c, id: seq, prevHash: prev, hash, keyId: key.id });
      prev = hash;
    }
    expect(walk(rows)).toEqual([]);
    const onlyNew = new ChainWalk('140100/3', {
      keyring: auditKeyring([ring.current]),
      head: { seq: 4, hash: prev },
      sealed: undefined,
      checkpointed: false,
    });
    for (const r of rows) onlyNew.row(r);
    expect(onlyNew.end().map((f) => f.reason)).toEqual(['unknown_key']);
  });

  it('names an edited row, and a row re-hashed with plain SHA-256 (no key)', () => {
    const edited = chain(4);
    edited[1] = { ...edited[1]!, details: { n: 'x' } };
    expect(walk(edited)).toEqual(['hash_mismatch@2']);
    const recomputed = chain(4);
    const r = recomputed[1]!;
    recomputed[1] = { ...r, details: { n: 'x' } };
    const { id: _i, prevHash: _p, hash: _h, keyId: _k, ...c } = recomputed[1]!;
    recomputed[1]!.hash = auditHash(r.prevHash, c);
    expect(walk(recomputed, { head: { seq: 4, hash: recomputed[3]!.hash } })).toContain('hash_recomputed@2');
  });

  it('refuses unkeyed rows after keyed ones, and beyond what a checkpoint pinned', () => {
    const rows = chain(3);
    let prev = rows[2]!.hash;
    const c = content(4);
    const legacy: AuditLink = { ...c, id: 4, prevHash: prev, hash: auditHash(prev, c), keyId: null };
    expect(walk([...rows, legacy])).toEqual(['legacy_after_keyed@4']);
    const old = chain(3, 3);
    prev = old[2]!.hash;
    const more: AuditLink = { ...c, id: 4, prevHash: prev, hash: auditHash(prev, c), keyId: null };
    expect(walk([...old, more])).toEqual([]); // no checkpoint yet: cannot tell
    expect(walk([...old, more], { sealed: { seq: 3, hash: prev } })).toEqual(['legacy_unsealed@4']);
  });

  it('names gaps, cut-off tails, rows beyond the head, headless rows and checkpoint disagreements', () => {
    const rows = chain(5);
    expect(walk([rows[0]!, rows[2]!, rows[3]!, rows[4]!])).toEqual(['seq_gap@3']);
    expect(walk(rows.slice(0, 3), { head: { seq: 5, hash: rows[4]!.hash } })).toEqual(['tail_missing@4']);
    expect(walk(rows, { head: { seq: 4, hash: rows[3]!.hash } })).toEqual(['beyond_head@5']);
    expect(walk(rows, { head: undefined })).toEqual(['head_missing@1']);
    expect(walk(rows.slice(0, 3), { sealed: { seq: 5, hash: rows[4]!.hash } })).toEqual([
      'checkpoint_ahead@4',
    ]);
    expect(walk(rows, { sealed: { seq: 3, hash: 'f'.repeat(64) } })).toEqual(['checkpoint_mismatch@3']);
    expect(walk([], { head: undefined, sealed: { seq: 5, hash: rows[4]!.hash } })).toEqual([
      'chain_deleted@5',
    ]);
  });
});

describe('audit checkpoints', () => {
  const heads = [
    { partition: '370800/1', seq: 4, hash: 'b'.repeat(64) },
    { partition: '140100/3', seq: 2, hash: 'a'.repeat(64) },
  ];

  it('signs the sorted heads with the current key and reads them back', () => {
    const c = signAuditCheckpoint(new Date('2026-11-23T02:00:00Z'), heads, ring);
    expect(c).toMatchObject({ keyId: 'k2', count: 6, at: '2026-11-23T02:00:00.000Z' });
    expect(c.heads.map((h) => h.partition)).toEqual(['140100/3', '370800/1']);
    const line = auditCheckpointLine(c);
    expect(Object.keys(JSON.parse(line))).toEqual(['at', 'keyId', 'heads', 'count', 'mac']);
    expect(readAuditCheckpoint(line, ring)).toEqual({ ok: true, checkpoint: c });
  });

  it('refuses a line changed without the key, one under an unknown key, and garbage', () => {
    const c = signAuditCheckpoint(new Date('2026-11-23T02:00:00Z'), heads, ring);
    const changed = auditCheckpointLine({ ...c, heads: c.heads.slice(1) });
    expect(readAuditCheckpoint(changed, ring)).toEqual({ ok: false, problem: 'MAC does not verify' });
    expect(readAuditCheckpoint(auditCheckpointLine(c), auditKeyring([ring.byId.get('k1')!]))).toEqual({
      ok: false,
      problem: 'key id k2 not configured',
    });
    expect(readAuditCheckpoint('{"at":1', ring)).toEqual({ ok: false, problem: 'not JSON' });
    expect(readAuditCheckpoint('{"at":"x"}', ring)).toEqual({ ok: false, problem: 'not a checkpoint' });
  });
});
