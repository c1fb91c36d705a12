/**
 * `npm run keys:rotate` as an operator runs it: a database whose personal data is sealed under k1, the
 * command with DATA_KEYS=k2,k1 (batches, a summary per table), again (nothing to do), then the database read
 * with k2 alone.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findAccountByLogin, migrateToLatest, openDatabase } from '@renshe/db';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_SCRYPT } from '../auth/password.ts';
import { DEMO_ACCOUNTS, loadDemoData } from '../demo-data.ts';
import { buildDeps, loadCatalogues } from '../deps.ts';
import { createFieldCipher, parseDataHmacKey, parseDataKeyList } from '../services/field-cipher.ts';
import { protectPersonalData } from '../services/personal-data.ts';
import { TestClock } from '../testing.ts';

const run = promisify(execFile);
const b64 = () => randomBytes(32).toString('base64');
const K1 = `k1:${b64()}`;
const K2 = `k2:${b64()}`;
const HMAC = b64();
const cipher = (keys: string) => {
  const k = parseDataKeyList(keys);
  const h = parseDataHmacKey(HMAC);
  if (!k.ok || !h.ok) throw new Error('keys');
  return createFieldCipher(k.keys, h.key);
};
const rotate = (dataDir: string, keys: string) =>
  run(process.execPath, ['--import', 'tsx', 'packages/server/src/cli/main.ts', 'keys:rotate'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', DATA_KEYS: keys, DATA_HMAC_KEY: HMAC },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe('keys:rotate CLI', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('re-seals the demo data under the new key, then has nothing to do; the old key can go', {
    timeout: 180_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'renshe-rotate-'));
    dirs.push(dir);
    const { matters } = loadCatalogues();
    protectPersonalData(cipher(K1), matters);
    const h = await openDatabase({ driver: 'pglite', dataDir: dir });
    await migrateToLatest(h.db);
    const deps = await buildDeps({
      db: h.db,
      clock: new TestClock(),
      config: { sessionTtlHours: 12, cookieSecure: false, scrypt: TEST_SCRYPT },
    });
    await loadDemoData(deps);
    await h.close();

    const first = await rotate(dir, `${K2},${K1}`);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/account: 检查 \d+ 行，重新加密 [1-9]\d* 行/);
    expect(first.out).toContain('当前密钥 k2');
    const second = await rotate(dir, `${K2},${K1}`);
    expect(second.code, second.out).toBe(0);
    expect(second.out.match(/重新加密 0 行/g)).toHaveLength(5);

    protectPersonalData(cipher(K2), matters);
    const h2 = await openDatabase({ driver: 'pglite', dataDir: dir });
    try {
      for (const a of DEMO_ACCOUNTS) {
        const found = await findAccountByLogin(h2.db, a.loginName);
        expect(found, a.loginName).toMatchObject({ login_name: a.loginName, phone: a.phone ?? null });
      }
      const left = await sql<{ n: number }>`
        select count(*)::int as n from account where login_name_enc like 'v1:k1:%' or phone_enc like 'v1:k1:%'`.execute(
        h2.db,
      );
      expect(left.rows[0]!.n).toBe(0);
    } finally {
      await h2.close();
    }
  });
});
