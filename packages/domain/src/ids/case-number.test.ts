import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCaseNumber, isWellFormedCaseNumber } from './case-number.ts';

describe('case numbers', () => {
  it('keep the readable prefix and end in five random digits and a check digit', () => {
    const n = formatCaseNumber('140100-20261203', 1, '48273');
    expect(n).toMatch(/^140100-20261203-000001-48273\d$/);
    expect(isWellFormedCaseNumber(n)).toBe(true);
    const b = formatCaseNumber('B140100-20261203', 7, '00042');
    expect(b).toMatch(/^B140100-20261203-000007-00042\d$/);
    expect(isWellFormedCaseNumber(b)).toBe(true);
  });

  it('the check digit catches every single-digit change', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999_999 }),
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 27 }),
        fc.integer({ min: 1, max: 9 }),
        (seq, rnd, pos, delta) => {
          const n = formatCaseNumber('140105-20270104', seq, String(rnd).padStart(5, '0'));
          const idx = [...n].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
          const i = idx[pos % idx.length]!;
          const changed = n.slice(0, i) + String((Number(n[i]) + delta) % 10) + n.slice(i + 1);
          expect(isWellFormedCaseNumber(changed)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses old-style and malformed numbers', () => {
    expect(isWellFormedCaseNumber('140100-20261203-000001')).toBe(false);
    expect(isWellFormedCaseNumber('140100-20261203-000001-48273')).toBe(false);
    expect(isWellFormedCaseNumber("140100-20261203-000001-48273' or 1=1")).toBe(false);
  });
});
