/**
 * The server as `npm start` runs it, on embedded PGlite: DATA_DIR is created with its parents, a second
 * start reuses the data (demo data loaded once, cases kept), and a DATA_DIR that cannot hold the data stops
 * the server with one line in Chinese and English and exit status 78 (no stack trace). Real server
 * processes on free loopback ports; RENSHE_TEST_NOW shows in the case number.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@renshe/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_DEPARTMENTS } from '../packages/server/src/demo-data.ts';
import { DEMO_PASSWORD, freePort, REPO_ROOT, startServer, type TestServer } from './harness.ts';

const CITIZEN = '140105199003071234';

/** Runs the server until it exits by itself (killed after 60 s). */
async function runToExit(
  env: Record<string, string>,
  as?: { uid: number; gid: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const full: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    ...env,
  };
  delete full.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: full,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(as ?? {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(kill);
  return { code, stdout, stderr };
}

/** One request as JSON; returns the status, body and the session cookie it set. */
async function call(
  base: string,
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; cookie: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  return { status: res.status, body: text ? JSON.parse(text) : {}, cookie };
}

async function logIn(base: string, loginName: string): Promise<string> {
  const r = await call(base, 'POST', '/api/v1/auth/login', { body: { loginName, password: DEMO_PASSWORD } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.cookie;
}

describe('server start on embedded PGlite', { timeout: 120_000 }, () => {
  let root: string;
  let server: TestServer | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'renshe-startup-'));
    await chmod(root, 0o755); // searchable by the unprivileged user below
  });

  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('creates DATA_DIR with its parents; a second start reuses the data', async () => {
    const dataDir = join(root, 'clone', 'data', 'pglite'); // neither data/ nor clone/ exists yet
    const env = { RENSHE_TEST_NOW: '2026-12-31' };
    server = await startServer({ dataDir, env });
    expect(server.output()).toContain('测试时钟（RENSHE_TEST_NOW）：从 2026-12-31T01:00:00.000Z 起');
    let cookie = await logIn(server.baseUrl, CITIZEN);
    const created = await call(server.baseUrl, 'POST', '/api/v1/cases', {
      cookie,
      headers: { 'idempotency-key': 'startup-0001' },
      body: { matter: 'work-injury-recognition', materials: ['application_form'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const caseNumber = created.body.caseNumber as string;
    expect(caseNumber).toMatch(/^140100-20261231-\d{6}-\d{6}$/); // numbered by the test clock’s date
    await server.stop();

    server = await startServer({ dataDir, env });
    expect(server.output()).not.toContain('新执行迁移');
    cookie = await logIn(server.baseUrl, CITIZEN);
    const again = await call(server.baseUrl, 'GET', `/api/v1/cases/${caseNumber}`, { cookie });
    expect(again.status).toBe(200);
    expect(again.body.caseNumber).toBe(caseNumber);
    await server.stop();
    server = undefined;

    // Demo data was written once: every account and department once, one account.create audit row each.
    const handle = await openDatabase({ driver: 'pglite', dataDir });
    try {
      // Citizens' logins (身份证号) are stored only sealed: their login_name is null, login_name_enc set.
      const accounts = await handle.db
        .selectFrom('account')
        .select(['kind', 'login_name', 'login_name_enc'])
        .execute();
      expect(
        accounts
          .filter((a) => a.kind !== 'citizen')
          .map((a) => a.login_name)
          .sort(),
      ).toEqual(
        DEMO_ACCOUNTS.filter((a) => a.kind !== 'citizen')
          .map((a) => a.loginName)
          .sort(),
      );
      const citizens = accounts.filter((a) => a.kind === 'citizen');
      expect(citizens).toHaveLength(DEMO_ACCOUNTS.filter((a) => a.kind === 'citizen').length);
      expect(citizens.every((a) => a.login_name === null && a.login_name_enc?.startsWith('v1:'))).toBe(true);
      const departments = await handle.db.selectFrom('department').select('code').execute();
      expect(departments).toHaveLength(DEMO_DEPARTMENTS.length);
      const audits = await handle.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'account.create')
        .executeTakeFirstOrThrow();
      expect(Number(audits.n)).toBe(DEMO_ACCOUNTS.length);
      const cases = await handle.db.selectFrom('case_file').select('case_number').execute();
      expect(cases.map((c) => c.case_number)).toEqual([caseNumber]);
    } finally {
      await handle.close();
    }
  });

  /** Exactly one line on stderr, in Chinese and English, naming the folder; status 78; nothing on stdout. */
  function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, dir: string): string {
    expect(r.code, r.stderr).toBe(78);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatch(/^数据目录不可用：DATA_DIR=.+ \/ data folder unusable: DATA_DIR=/);
    expect(line).toContain(dir);
    expect(line).not.toMatch(/\bat \S+ \(|Error:/);
    expect(r.stdout.trim()).toBe('');
    return line;
  }

  it('refuses a DATA_DIR that is a file, or lies below one', async () => {
    const file = join(root, 'not-a-folder');
    await writeFile(file, 'x');
    expect(expectOneLine(await runToExit({ DATA_DIR: file }), file)).toContain('is a file, not a folder');
    const below = join(file, 'pglite');
    expect(expectOneLine(await runToExit({ DATA_DIR: below }), below)).toContain(
      `has a parent ${file} that is a file`,
    );
  });

  it('refuses a DATA_DIR the server may not write', async () => {
    const locked = join(root, 'locked');
    await mkdir(locked, { mode: 0o755 });
    // As root every folder is writable: run the server as the unprivileged user `nobody` instead.
    const root_ = process.getuid?.() === 0;
    if (!root_) await chmod(locked, 0o555);
    const as = root_ ? { uid: 65534, gid: 65534 } : undefined;
    const dir = join(locked, 'pglite');
    expect(expectOneLine(await runToExit({ DATA_DIR: dir }, as), dir)).toContain(
      `cannot be created (no permission to write in ${locked})`,
    );
    await chmod(locked, 0o755);
  });

  it('refuses the test clock in production', async () => {
    const r = await runToExit({
      NODE_ENV: 'production',
      RENSHE_TEST_NOW: '2026-12-31',
      DATA_DIR: join(root, 'p'),
    });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('RENSHE_TEST_NOW: a test-only setting, refused when NODE_ENV=production');
  });
});
