import { describe, expect, it } from 'vitest';
import { clockFor, parseEnv, parseTestNow } from './env.ts';

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

  it('reads RENSHE_TEST_NOW as an instant with its offset, or a date at 09:00 in Shanghai', () => {
    expect(parseTestNow('2026-12-31')?.toISOString()).toBe('2026-12-31T01:00:00.000Z');
    expect(parseTestNow('2026-12-31T09:00:00+08:00')?.toISOString()).toBe('2026-12-31T01:00:00.000Z');
    expect(parseTestNow('2026-11-23T02:00Z')?.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    for (const bad of [
      '2026-12-31T09:00:00',
      '2026-02-30',
      '2026-02-30T09:00:00Z',
      'tomorrow',
      '1767142800000',
    ])
      expect(parseTestNow(bad), bad).toBeNull();
    const r = parseEnv({ RENSHE_TEST_NOW: '2026-06-15', NODE_ENV: 'test' });
    expect(r.ok && r.env.RENSHE_TEST_NOW?.toISOString()).toBe('2026-06-15T01:00:00.000Z');
    const bad = parseEnv({ RENSHE_TEST_NOW: '2026-06-15 09:00' });
    expect(!bad.ok && bad.problems).toEqual([
      expect.stringMatching(/^RENSHE_TEST_NOW: must be an ISO instant/),
    ]);
    expect(parseEnv({}).ok && parseEnv({ RENSHE_TEST_NOW: '' }).ok).toBe(true);
  });

  it('refuses RENSHE_TEST_NOW in production', () => {
    const r = parseEnv({
      RENSHE_TEST_NOW: '2026-06-15',
      NODE_ENV: 'production',
      AUDIT_HMAC_KEY: 'ab'.repeat(32),
      DATA_KEYS: `k1:${'cd'.repeat(32)}`,
      DATA_HMAC_KEY: 'ef'.repeat(32),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.stringMatching(/^RENSHE_TEST_NOW: a test-only setting/)]);
  });

  it('gives the server a clock that starts at RENSHE_TEST_NOW and moves on', () => {
    const r = parseEnv({ RENSHE_TEST_NOW: '2026-12-31T23:59:59+08:00' });
    if (!r.ok) throw new Error(r.problems.join());
    const now = clockFor(r.env).now().getTime();
    expect(now - Date.parse('2026-12-31T15:59:59Z')).toBeGreaterThanOrEqual(0);
    expect(now - Date.parse('2026-12-31T15:59:59Z')).toBeLessThan(1000);
    expect(Math.abs(clockFor({}).now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
