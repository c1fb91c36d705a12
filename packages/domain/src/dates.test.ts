import { describe, expect, it } from 'vitest';
import { type Clock, offsetClock, shanghaiDate } from './dates.ts';

describe('offsetClock', () => {
  it('starts at the given instant and advances with the base clock', () => {
    let real = Date.parse('2025-03-01T00:00:00Z');
    const base: Clock = { now: () => new Date(real) };
    const clock = offsetClock(new Date('2026-12-31T09:00:00+08:00'), base);
    expect(clock.now().toISOString()).toBe('2026-12-31T01:00:00.000Z');
    real += 15 * 3600_000; // 15 hours later: past midnight in Shanghai
    expect(clock.now().toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(shanghaiDate(clock.now())).toBe('2027-01-01');
  });

  it('moves with real time by default', async () => {
    const clock = offsetClock(new Date('2026-06-15T01:00:00Z'));
    const first = clock.now().getTime();
    expect(Math.abs(first - Date.parse('2026-06-15T01:00:00Z'))).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now().getTime() - first).toBeGreaterThanOrEqual(20);
  });
});
