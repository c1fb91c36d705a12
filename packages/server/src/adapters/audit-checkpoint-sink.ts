/**
 * Where signed audit checkpoints go: somewhere a database administrator cannot write. The local
 * implementation appends JSON lines to a file on the application host (AUDIT_CHECKPOINT_FILE); another
 * sink (a WORM bucket, a syslog host, a second organisation) implements the same two methods.
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** An append-only store of checkpoint lines. */
export interface AuditCheckpointSink {
  /** Where the lines go (for messages). */
  readonly where: string;
  /** Appends one line durably (no newline in `line`). */
  append(line: string): Promise<void>;
  /** The newest complete line, or null when none has been written. */
  last(): Promise<string | null>;
}

const NL = 0x0a;
const CHUNK = 64 * 1024;

/**
 * Appends to a local file (created with its folder, mode 0600), one `write` per line and an fsync. A line
 * torn by a crash (no newline at the end) is ignored by `last` and closed off before the next append.
 */
export class LocalFileCheckpointSink implements AuditCheckpointSink {
  constructor(readonly path: string) {}

  get where(): string {
    return this.path;
  }

  async append(line: string): Promise<void> {
    if (line.includes('\n')) throw new Error('a checkpoint line cannot contain a newline');
    await mkdir(dirname(this.path), { recursive: true });
    const f = await open(this.path, 'a+', 0o600);
    try {
      const { size } = await f.stat();
      let torn = false;
      if (size > 0) {
        const b = Buffer.alloc(1);
        await f.read(b, 0, 1, size - 1);
        torn = b[0] !== NL;
      }
      await f.write(`${torn ? '\n' : ''}${line}\n`);
      await f.datasync();
    } finally {
      await f.close();
    }
  }

  async last(): Promise<string | null> {
    let f: Awaited<ReturnType<typeof open>>;
    try {
      f = await open(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      // Reads backwards until the tail holds a complete, non-empty line.
      const { size } = await f.stat();
      let tail = Buffer.alloc(0);
      let from = size;
      for (;;) {
        const complete = tail.lastIndexOf(NL);
        if (complete >= 0) {
          // Lines end at a newline; whatever follows the last one is torn.
          let end = complete;
          while (end > 0 && tail[end - 1] === NL) end--;
          const start = tail.lastIndexOf(NL, end - 1);
          if (end > 0 && (start >= 0 || from === 0)) return tail.subarray(start + 1, end).toString('utf8');
          if (end === 0 && from === 0) return null;
        } else if (from === 0) return null;
        const n = Math.min(CHUNK, from);
        from -= n;
        const chunk = Buffer.alloc(n);
        await f.read(chunk, 0, n, from);
        tail = Buffer.concat([chunk, tail]);
      }
    } finally {
      await f.close();
    }
  }
}

/** Keeps lines in memory (tests; a deployment that has configured no sink keeps nothing across restarts). */
export class MemoryCheckpointSink implements AuditCheckpointSink {
  readonly where = 'memory';
  readonly lines: string[] = [];
  async append(line: string): Promise<void> {
    this.lines.push(line);
  }
  async last(): Promise<string | null> {
    return this.lines.at(-1) ?? null;
  }
}
