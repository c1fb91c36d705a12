import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { appendAudit, migrateToLatest, openDatabase } from '@renshe/db';
import { S2_GRADE1_INPUTS } from '@renshe/policies/testing.ts';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'packages/server/src/cli/main.ts', ...args], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      AUDIT_CHECKPOINT_FILE: join(dataDir, 'audit-checkpoints.jsonl'),
    },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe('audit:verify CLI', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('passes a clean chain and names the first broken row after tampering (exit 1)', {
    timeout: 120_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'renshe-cli-'));
    dirs.push(dir);
    const h = await openDatabase({ driver: 'pglite', dataDir: dir });
    await migrateToLatest(h.db);
    for (let i = 0; i < 3; i++) {
      await h.db.transaction().execute((trx) =>
        appendAudit(trx, {
          at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
          actorId: 'a',
          actorKind: 'staff',
          action: 'test.write',
          resourceType: 'thing',
          resourceId: 'same',
          regionCode: '140100',
          requestId: null,
        }),
      );
    }
    await h.close();
    const clean = await cli(dir, 'audit:verify');
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.out).toContain('审计链完整');

    const h2 = await openDatabase({ driver: 'pglite', dataDir: dir });
    const second = await h2.db
      .selectFrom('audit_log')
      .select('id')
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(h2.db);
    await sql`update audit_log set action = 'test.forged' where id = ${second.id}`.execute(h2.db);
    await h2.close();
    const broken = await cli(dir, 'audit:verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`id=${second.id}`);
    expect(broken.out).toContain('hash_mismatch');
  });
});

describe('calc CLI', () => {
  it('prints the explanation and outputs, and exits 2 naming the bad field', {
    timeout: 60_000,
  }, async () => {
    const base = [
      '--import',
      'tsx',
      'packages/server/src/cli/calc.ts',
      'work_injury.shanxi_2023_adjustment',
      '--region',
      '140105',
      '--date',
      '2023-12-01',
    ];
    const inputs = S2_GRADE1_INPUTS;
    const ok = await run(process.execPath, [...base, '--inputs', JSON.stringify(inputs)]);
    expect(ok.stdout).toContain('补足至 3164.00 元');
    expect(JSON.parse(ok.stdout.slice(ok.stdout.indexOf('{'))).outputs.allowance).toBe(316400);
    const bad = await run(process.execPath, [
      ...base,
      '--inputs',
      JSON.stringify({ ...inputs, allowanceBefore: '-1' }),
    ]).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('RULE_INPUT_INVALID: allowanceBefore');
  });
});
