import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

describe('env', () => {
  it('uses defaults for an empty environment (embedded PGlite)', () => {
    const r = parseEnv({});
    expect(r).toMatchObject({ ok: true, env: { PORT: 3000, DATA_DIR: './data/pglite', DEMO_DATA: true } });
  });

  it('reports every bad variable at once', () => {
    const r = parseEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DEMO_DATA: 'maybe' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.split(':')[0])).toEqual(
        expect.arrayContaining(['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'DEMO_DATA']),
      );
      expect(r.problems).toHaveLength(4);
    }
  });

  it('runs separate server processes only on a PostgreSQL server', () => {
    const single = parseEnv({});
    expect(single.ok && single.env.SERVER_PROCESSES).toBe(undefined);
    const embedded = parseEnv({ SERVER_PROCESSES: '1' });
    expect(embedded.ok).toBe(false);
    if (!embedded.ok)
      expect(embedded.problems).toEqual([expect.stringMatching(/^SERVER_PROCESSES: .*PGlite/)]);
    const server = parseEnv({ SERVER_PROCESSES: '2', DATABASE_URL: 'postgres://127.0.0.1/x' });
    expect(server).toMatchObject({ ok: true, env: { SERVER_PROCESSES: 2 } });
    expect(parseEnv({ SERVER_PROCESSES: '0', DATABASE_URL: 'postgres://127.0.0.1/x' }).ok).toBe(false);
  });
});
