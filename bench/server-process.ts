/**
 * The real server for a benchmark: `packages/server/src/main.ts` as a child process in its own process
 * group (NODE_ENV=production, LOG_LEVEL=warn, loopback, a free port), with extra node flags from
 * BENCH_SERVER_NODE_ARGS (e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof').
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running bench server. */
export interface BenchServer {
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  /** The process (group) id: every process the server forks is in its group. */
  pid: number;
  /** SIGTERM to the group, then waits up to 5 s for the exit (safe to call twice). */
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * Starts the server with `env` added to this process's environment (an empty value unsets a variable)
 * and resolves once it is ready: /health answers and the start banner is printed, which happens once
 * every HTTP process listens.
 */
export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const checkpoints = join(tmpdir(), `renshe-bench-audit-${port}-${randomBytes(4).toString('hex')}.jsonl`);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'packages/server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // Production requires an audit key; a fresh one per run, its checkpoints in a throwaway file.
      AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
      AUDIT_CHECKPOINT_FILE: checkpoints,
      // And the keys of personal data at rest (every ID number and phone is sealed, as in production).
      DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      DATA_HMAC_KEY: randomBytes(32).toString('base64'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let banner = '';
  child.stdout!.on('data', (b: Buffer) => {
    banner += b.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let up = true;
  const stop = async () => {
    if (!up) return;
    up = false;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    await rm(checkpoints, { force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok && banner.includes('已启动')) break;
    } catch {}
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        child.exitCode !== null ? `server exited with ${child.exitCode}` : 'server did not start',
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, pid: child.pid!, stop };
}
