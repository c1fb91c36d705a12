/**
 * Browser-test harness: starts the real server as a child process on a free port (embedded PGlite in a
 * fresh temp folder, a throwaway database of the local PostgreSQL server, or E2E_DATABASE_URL) with the demo data, and launches the
 * system Chromium through playwright-core.
 *
 * One "now" for server and browser: the server runs with RENSHE_TEST_NOW (from the environment, else
 * {@link DEFAULT_TEST_NOW}) and every browser context made by {@link newContext} installs Playwright's clock
 * at the server's current instant; both then advance with real time.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';
import { parseTestNow } from '../packages/server/src/env.ts';

/** The repository root (the folder holding e2e/). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where screenshots go (overwritten on every run). */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'docs', 'screenshots');

/** Chromium flags that work headless in a container (see docs: stack facts). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary: CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Why browser tests cannot run here, or null when Chromium is present. */
export function browserSkipReason(): string | null {
  const path = chromiumPath();
  if (existsSync(path)) return null;
  return `Chromium not found at ${path} (install it with \`apt-get install -y chromium fonts-wqy-microhei\` or set CHROMIUM_PATH)`;
}

/** Launches headless Chromium. Close it with `browser.close()`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** A free TCP port on 127.0.0.1 (asks the OS, then releases it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * The instant browser tests start at unless RENSHE_TEST_NOW is set (the API tests' TestClock starts at
 * 2026-11-23T02:00Z, 10:00 in Shanghai, too).
 */
export const DEFAULT_TEST_NOW = '2026-11-23T10:00:00+08:00';

/** A running server. */
export interface TestServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  baseUrl: string;
  /** `pglite` (fresh temp folder) or `postgres` (E2E_DATABASE_URL). */
  database: 'pglite' | 'postgres';
  /** Everything the server wrote to stdout/stderr so far. */
  output(): string;
  /**
   * The server's clock now (RENSHE_TEST_NOW plus the time since the server was started; at most its start-up
   * time ahead), or null when it runs on the machine's clock (RENSHE_TEST_NOW set empty).
   */
  now(): Date | null;
  /** Stops the server (its whole process group) and removes the temp data folder (not a given `dataDir`). */
  stop(): Promise<void>;
}

/** Options for {@link startServer}. */
export interface StartServerOptions {
  /** How long to wait for /health (default E2E_SERVER_TIMEOUT_MS or 60 s). */
  timeoutMs?: number;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /**
   * Run on a throwaway database of the PostgreSQL server (PG_TEST_URL, default the local server on
   * 127.0.0.1:5432), dropped on stop — instead of PGlite or E2E_DATABASE_URL.
   */
  postgres?: boolean;
  /** PGlite in this folder, kept on stop (default: a fresh temp folder, removed on stop). */
  dataDir?: string;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `node --import tsx packages/server/src/main.ts` and resolves once GET /health answers 200.
 * Rejects (after cleaning up) with the server's output when it exits early or does not answer in time.
 */
export async function startServer(opts: StartServerOptions = {}): Promise<TestServer> {
  const timeoutMs = opts.timeoutMs ?? (Number(process.env.E2E_SERVER_TIMEOUT_MS) || 60_000);
  const port = await freePort();
  const adminUrl = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const throwaway = opts.postgres ? `renshe_e2e_${randomBytes(6).toString('hex')}` : null;
  if (throwaway) await adminQuery(adminUrl, `create database ${throwaway}`);
  const pgUrl = throwaway
    ? Object.assign(new URL(adminUrl), { pathname: `/${throwaway}` }).toString()
    : process.env.E2E_DATABASE_URL;
  const dataDir = pgUrl || opts.dataDir ? null : await mkdtemp(join(tmpdir(), 'renshe-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  delete env.DATABASE_URL;
  // Each server its own audit checkpoints (a shared file would name another database's chains as deleted).
  const auditDir = env.AUDIT_CHECKPOINT_FILE ? null : await mkdtemp(join(tmpdir(), 'renshe-e2e-audit-'));
  if (auditDir) env.AUDIT_CHECKPOINT_FILE = join(auditDir, 'audit-checkpoints.jsonl');
  Object.assign(env, {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    ...(pgUrl ? { DATABASE_URL: pgUrl } : { DATA_DIR: opts.dataDir ?? join(dataDir!, 'pglite') }),
  });
  // Set but empty: the machine's clock.
  env.RENSHE_TEST_NOW ??= DEFAULT_TEST_NOW;
  const testNow = env.RENSHE_TEST_NOW ? parseTestNow(env.RENSHE_TEST_NOW) : null;
  if (env.RENSHE_TEST_NOW && !testNow)
    throw new Error(`RENSHE_TEST_NOW=${env.RENSHE_TEST_NOW} is not an instant`);
  const spawnedAt = Date.now();

  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    detached: true, // own process group, so stop() also ends anything the server started
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const done = await Promise.race([exited(child).then(() => true), sleep(10_000).then(() => false)]);
      if (!done) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await exited(child);
      }
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (auditDir) await rm(auditDir, { recursive: true, force: true });
    if (throwaway) await adminQuery(adminUrl, `drop database if exists ${throwaway} with (force)`);
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`server exited early (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer ${baseUrl}/health within ${timeoutMs / 1000} s:\n${output}`);
    }
    await sleep(250);
  }
  return {
    baseUrl,
    database: pgUrl ? 'postgres' : 'pglite',
    output: () => output,
    now: () => (testNow ? new Date(testNow.getTime() + Date.now() - spawnedAt) : null),
    stop,
  };
}

/**
 * A browser context (default {@link PHONE_CONTEXT}) whose clock is the server's: Playwright's clock is
 * installed at the server's current instant and then flows naturally. Every browser test makes its
 * contexts here, never with `browser.newContext`.
 */
export async function newContext(
  browser: Browser,
  server: TestServer,
  opts: BrowserContextOptions = PHONE_CONTEXT,
): Promise<BrowserContext> {
  const context = await browser.newContext(opts);
  const time = server.now();
  if (time) await context.clock.install({ time });
  return context;
}

/** A phone-sized Chinese browser context (375×812, zh-CN, Asia/Shanghai), as citizens mostly use the platform. */
export const PHONE_CONTEXT = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
} as const;

/**
 * Everything a browser test file needs before its first step: the built web shell (built once if missing),
 * the screenshot folder, the real server and Chromium, started in parallel.
 */
export async function startWebRig(
  opts: StartServerOptions = {},
): Promise<{ server: TestServer; browser: Browser }> {
  if (!existsSync(join(REPO_ROOT, 'packages/web/dist/index.html'))) {
    console.log('[e2e] packages/web/dist missing: running npm run build:web');
    execFileSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit', timeout: 300_000 });
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const t0 = performance.now();
  const [server, browser] = await Promise.all([startServer(opts), launchBrowser()]);
  console.log(
    `[e2e] server (${server.database}) and Chromium ready in ${Math.round(performance.now() - t0)} ms`,
  );
  return { server, browser };
}

/** The demo accounts' password. */
export const DEMO_PASSWORD = 'Renshe2026';

/** Checks nothing sticks out sideways, then saves a full-page screenshot under docs/screenshots. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${name}: page wider than the screen`).toBeLessThanOrEqual(innerWidth);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Logs a demo account in through the login page. */
export async function logIn(page: Page, baseUrl: string, loginName: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('登录名').fill(loginName);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('current-user').waitFor();
}
