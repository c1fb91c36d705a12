import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A writer that records its batches and takes `ms` per batch (like a transaction). */
function recorder(ms = 5, fail: (items: number[]) => boolean = () => false) {
  const batches: number[][] = [];
  const write = async (items: number[]) => {
    await new Promise((r) => setTimeout(r, ms));
    if (fail(items)) throw new Error(`batch ${items.join(',')} failed`);
    batches.push(items);
    return items.map((i) => i * 10);
  };
  return { batches, write };
}

describe('GroupCommit', () => {
  it('writes a lone item at once, in a batch of its own', async () => {
    const r = recorder();
    const g = new GroupCommit(r.write);
    expect(await g.submit(7)).toBe(70);
    expect(r.batches).toEqual([[7]]);
  });

  it('writes what arrives meanwhile together, answering each caller with its own result', async () => {
    const r = recorder();
    const g = new GroupCommit(r.write, { maxInFlight: 1, maxBatch: 64 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => g.submit(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 10));
    // The first goes alone; the other 49 arrived while it was being written and go in the next batch.
    expect(r.batches.map((b) => b.length)).toEqual([1, 49]);
    expect(r.batches.flat()).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(g.stats).toMatchObject({ batches: 2, items: 50, largest: 49 });
  });

  it('keeps at most maxInFlight batches being written and at most maxBatch items in one', async () => {
    const r = recorder();
    let inFlight = 0;
    let most = 0;
    const g = new GroupCommit(
      async (items: number[]) => {
        most = Math.max(most, ++inFlight);
        try {
          return await r.write(items);
        } finally {
          inFlight--;
        }
      },
      { maxInFlight: 2, maxBatch: 10 },
    );
    await Promise.all(Array.from({ length: 100 }, (_, i) => g.submit(i)));
    expect(most).toBe(2);
    expect(Math.max(...r.batches.map((b) => b.length))).toBe(10);
    expect(r.batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('fails only the bad item of a failed batch: the others are written alone', async () => {
    const r = recorder(5, (items) => items.includes(13));
    const g = new GroupCommit(r.write, { maxInFlight: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => g.submit(i)));
    const rejected = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(rejected).toEqual([13]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(19);
    expect(r.batches.flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 13),
    );
    expect(g.stats.retriedAlone).toBe(19);
  });
});
