import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { referenceIdCheckChar, referenceIdWeights, validIdNumber } from './id-number.arbitrary.ts';
import {
  ID_NUMBER_FAILURE,
  type IdNumberFailureCode,
  idNumberCheckChar,
  maskIdNumber,
  parseIdNumber,
  validateIdNumber,
} from './id-number.ts';

const TODAY = '2025-12-31';
const ALPHABET = [...'0123456789X'];
const { length, charset, region, birthDate, checksum } = ID_NUMBER_FAILURE;

describe('validateIdNumber — property tests against the reference implementation', () => {
  it('accepts 10,000 generated valid numbers and parses the fields they were built from', () => {
    fc.assert(
      fc.property(validIdNumber(), (expected) => {
        expect(validateIdNumber(expected.number, { today: TODAY })).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 10_000 },
    );
  });

  it('idNumberCheckChar agrees with the reference on 10,000 arbitrary 17-digit bodies', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 17, maxLength: 17 }),
        (body) => {
          expect(idNumberCheckChar(body)).toBe(referenceIdCheckChar(body));
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('MOD 11-2 detects every single substitution: (a−b)·Wᵢ ≢ 0 (mod 11) for all positions and digits a ≠ b', () => {
    // 11 is prime and every weight is a power of 2 (non-zero mod 11), and |a−b| ≤ 10 < 11, so the product is
    // never divisible by 11; substituting the check character itself obviously changes it. Checked exhaustively.
    const undetected: number[][] = [];
    const weights = referenceIdWeights();
    for (const w of weights) {
      for (let a = 0; a <= 9; a++) {
        for (let b = 0; b <= 9; b++) if (a !== b && ((a - b) * w) % 11 === 0) undetected.push([w, a, b]);
      }
    }
    expect(undetected).toEqual([]);
  });

  it('rejects every single-character substitution of 300 generated valid numbers, with the expected code', () => {
    const expectedCodes = (pos: number, ch: string): readonly IdNumberFailureCode[] => {
      if (pos === 17) return [checksum];
      if (ch === 'X') return [charset];
      if (pos < 2) return [region, checksum];
      if (pos >= 6 && pos < 14) return [birthDate, checksum];
      return [checksum];
    };
    let mutations = 0;
    fc.assert(
      fc.property(validIdNumber(), ({ number }) => {
        const problems: string[] = [];
        for (let pos = 0; pos < 18; pos++) {
          for (const ch of ALPHABET) {
            if (ch === number[pos]) continue;
            mutations++;
            const mutated = number.slice(0, pos) + ch + number.slice(pos + 1);
            const r = validateIdNumber(mutated, { today: TODAY });
            if (r.ok) {
              problems.push(`${mutated} accepted`);
            } else if (!expectedCodes(pos, ch).includes(r.failure.code)) {
              problems.push(`${mutated}: ${r.failure.code} at position ${pos + 1}`);
            } else if (
              r.failure.code === checksum &&
              r.failure.details.expected !== referenceIdCheckChar(mutated)
            ) {
              problems.push(
                `${mutated}: expected check char ${String(r.failure.details.expected)} disagrees`,
              );
            }
          }
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(mutations).toBeGreaterThanOrEqual(300 * 18 * 10);
  });
});

describe('validateIdNumber — examples', () => {
  it('accepts the known valid example 11010519491231002X', () => {
    expect(validateIdNumber('11010519491231002X')).toEqual({
      ok: true,
      value: {
        number: '11010519491231002X',
        regionCode: '110105',
        birthDate: '1949-12-31',
        sequence: '002',
        gender: 'female',
        checkChar: 'X',
      },
    });
  });

  it('accepts a lower-case x check character and normalises it to X', () => {
    const r = validateIdNumber('11010519491231002x');
    expect(r.ok && r.value.number).toBe('11010519491231002X');
    expect(r.ok && r.value.checkChar).toBe('X');
  });

  it.each([
    ['110105194912310011', '001', 'male'],
    ['11010519491231002X', '002', 'female'],
    ['11010520000229003X', '003', 'male'],
    ['110105190001010001', '000', 'female'],
    ['110105202512310052', '005', 'male'],
  ])('%s has sequence %s → %s', (input, sequence, gender) => {
    expect(parseIdNumber(input)).toMatchObject({ sequence, gender });
  });

  it.each([
    ['810000199001010019', '81 港澳台居住证 prefix'],
    ['11010520000229003X', 'leap day'],
    ['110105190001010001', 'earliest year 1900'],
    ['110105202512310052', 'born on `today`'],
  ])('accepts %s (%s)', (input) => {
    expect(validateIdNumber(input, { today: TODAY }).ok).toBe(true);
  });

  it.each<[string, string, IdNumberFailureCode, Record<string, unknown>]>([
    ['empty', '', length, { actual: 0 }],
    ['17 chars', '11010519491231002', length, { actual: 17 }],
    ['19 chars', '11010519491231002XX', length, { actual: 19 }],
    ['X before the last position', '1101051949123100XX', charset, { position: 17, char: 'X' }],
    ['letter in the body', 'A1010519491231002X', charset, { position: 1, char: 'A' }],
    ['bad check character', '11010519491231002Y', charset, { position: 18, char: 'Y' }],
    ['full-width digit', '１10105194912310011', charset, { position: 1, char: '１' }],
    ['space', '110105 94912310011', charset, { position: 7 }],
    ['province 99', '990105194912310023', region, { province: '99' }],
    ['province 16', '160105194912310029', region, { province: '16' }],
    ['province 71 (GB/T 2260 台湾, not used on ID cards)', '710105194912310021', region, { province: '71' }],
    ['province 84', '840105194912310020', region, { province: '84' }],
    ['province 00', '000105194912310021', region, { province: '00' }],
    ['30 February', '110105194902300020', birthDate, { reason: 'invalid', birthDate: '19490230' }],
    ['month 13', '110105194913010010', birthDate, { reason: 'invalid' }],
    ['year 1899', '110105189912310023', birthDate, { reason: 'before_min_year', minYear: 1900 }],
    ['after today', '110105202601010019', birthDate, { reason: 'after_today', today: TODAY }],
    ['wrong check digit', '110105194912310021', checksum, { expected: 'X', actual: '1' }],
    ['wrong check X', '11010519491231001X', checksum, { expected: '1', actual: 'X' }],
  ])('rejects %s: %s → %s', (_label, input, code, details) => {
    const r = validateIdNumber(input, { today: TODAY });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure.code).toBe(code);
    expect(r.failure.details).toMatchObject(details);
    expect(r.failure.message).toMatch(/^身份证号码.+校验未通过：/);
  });

  it('names the counts and characters in its messages', () => {
    const msg = (s: string) => {
      const r = validateIdNumber(s, { today: TODAY });
      return r.ok ? '' : r.failure.message;
    };
    expect(msg('11010519491231002')).toContain('实际为 17 位');
    expect(msg('11010519491231002Y')).toContain('第 18 位“Y”');
    expect(msg('990105194912310023')).toContain('“99”');
    expect(msg('110105202601010019')).toContain('晚于当前日期 2025-12-31');
    expect(msg('110105194912310021')).toContain('第 18 位应为“X”，实际为“1”');
  });

  it('without `today` there is no upper bound on the birth date', () => {
    expect(validateIdNumber('110105202601010019').ok).toBe(true);
  });

  it('rejects an invalid `today` as a programming error', () => {
    expect(() => validateIdNumber('11010519491231002X', { today: '2025-02-30' })).toThrow(DomainError);
  });
});

describe('parseIdNumber', () => {
  it('returns the parsed value', () => {
    expect(parseIdNumber('11010519491231002x').number).toBe('11010519491231002X');
  });

  it('throws DomainError with the failure code, message and details', () => {
    try {
      parseIdNumber('110105194912310021');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const err = e as DomainError;
      expect(err.code).toBe('ID_NUMBER_CHECKSUM');
      expect(err.message).toContain('校验码');
      expect(err.details).toEqual({ expected: 'X', actual: '1' });
    }
  });
});

describe('idNumberCheckChar', () => {
  it('computes X for the known example', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it.each(['', '1101051949123100', '1101051949123100X', '110105194912310021'])('throws on %j', (bad) => {
    expect(() => idNumberCheckChar(bad)).toThrow(DomainError);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['11010519491231002X', '110***********002X'],
    ['110105491231002', '110********1002'],
    ['12345678', '123*5678'],
    ['1234567', '*******'],
    ['123', '***'],
    ['', ''],
  ])('%j → %j', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });

  it('keeps the length and only the first 3 / last 4 characters of any valid number', () => {
    fc.assert(
      fc.property(validIdNumber(), ({ number }) => {
        const m = maskIdNumber(number);
        expect(m).toHaveLength(18);
        expect(m).toBe(`${number.slice(0, 3)}${'*'.repeat(11)}${number.slice(14)}`);
      }),
      { numRuns: 200 },
    );
  });
});
