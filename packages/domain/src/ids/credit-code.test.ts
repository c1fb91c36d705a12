import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  REFERENCE_CREDIT_ALPHABET,
  referenceCreditCheckChar,
  referenceCreditWeights,
  validCreditCode,
} from './credit-code.arbitrary.ts';
import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_FAILURE,
  type CreditCodeFailureCode,
  creditCodeCheckChar,
  parseCreditCode,
  validateCreditCode,
} from './credit-code.ts';

const { length, charset, region, checksum } = CREDIT_CODE_FAILURE;
const ALPHABET = [...REFERENCE_CREDIT_ALPHABET];

describe('validateCreditCode — property tests against the reference implementation', () => {
  it('uses the same 31-character alphabet as the reference', () => {
    expect(CREDIT_CODE_ALPHABET).toBe(REFERENCE_CREDIT_ALPHABET);
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
  });

  it('accepts 10,000 generated valid codes and parses the fields they were built from', () => {
    fc.assert(
      fc.property(validCreditCode(), (expected) => {
        expect(validateCreditCode(expected.code)).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 10_000 },
    );
  });

  it('creditCodeCheckChar agrees with the reference on 10,000 arbitrary 17-character bodies', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 17, maxLength: 17 }), (body) => {
        expect(creditCodeCheckChar(body)).toBe(referenceCreditCheckChar(body));
      }),
      { numRuns: 10_000 },
    );
  });

  it('detects every single substitution: (a−b)·Wᵢ ≢ 0 (mod 31) for all positions and values a ≠ b', () => {
    // 31 is prime and every weight is a power of 3 (non-zero mod 31), and |a−b| ≤ 30 < 31, so the product is
    // never divisible by 31; substituting the check character itself obviously changes it. Checked exhaustively.
    const undetected: number[][] = [];
    for (const w of referenceCreditWeights()) {
      for (let a = 0; a < 31; a++) {
        for (let b = 0; b < 31; b++) if (a !== b && ((a - b) * w) % 31 === 0) undetected.push([w, a, b]);
      }
    }
    expect(undetected).toEqual([]);
  });

  it('rejects every single-character substitution of 300 generated valid codes, with the expected code', () => {
    const expectedCode = (pos: number, ch: string): CreditCodeFailureCode =>
      pos >= 2 && pos < 8 && !(ch >= '0' && ch <= '9') ? region : checksum;
    let mutations = 0;
    fc.assert(
      fc.property(validCreditCode(), ({ code }) => {
        const problems: string[] = [];
        for (let pos = 0; pos < 18; pos++) {
          for (const ch of ALPHABET) {
            if (ch === code[pos]) continue;
            mutations++;
            const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
            const r = validateCreditCode(mutated);
            if (r.ok) {
              problems.push(`${mutated} accepted`);
            } else if (r.failure.code !== expectedCode(pos, ch)) {
              problems.push(`${mutated}: ${r.failure.code} at position ${pos + 1}`);
            } else if (
              r.failure.code === checksum &&
              r.failure.details.expected !== referenceCreditCheckChar(mutated)
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
    expect(mutations).toBe(300 * 18 * 30);
  });
});

describe('validateCreditCode — examples', () => {
  it.each([
    [
      '91110000600037341L',
      {
        registrationAuthority: '9',
        entityCategory: '1',
        regionCode: '110000',
        organizationCode: '600037341',
        checkChar: 'L',
      },
    ],
    [
      '91350100M000100Y43',
      {
        registrationAuthority: '9',
        entityCategory: '1',
        regionCode: '350100',
        organizationCode: 'M000100Y4',
        checkChar: '3',
      },
    ],
  ])('accepts the known valid example %s', (input, fields) => {
    expect(validateCreditCode(input)).toEqual({ ok: true, value: { code: input, ...fields } });
  });

  it('accepts lower-case letters and upper-cases them', () => {
    expect(parseCreditCode('91350100m000100y43').code).toBe('91350100M000100Y43');
    expect(parseCreditCode('91110000600037341l').checkChar).toBe('L');
  });

  it.each<[string, string, CreditCodeFailureCode, Record<string, unknown>]>([
    ['empty', '', length, { actual: 0 }],
    ['17 chars', '91110000600037341', length, { actual: 17 }],
    ['19 chars', '91110000600037341L0', length, { actual: 19 }],
    ['excluded letter I', '9111000060003734IL', charset, { position: 17, char: 'I' }],
    ['excluded letter O as check', '91110000600037341O', charset, { position: 18, char: 'O' }],
    ['excluded letters S V Z', 'S1110000600037341L', charset, { position: 1, char: 'S' }],
    ['lower-case excluded letter', '9z110000600037341L', charset, { position: 2, char: 'Z' }],
    ['hyphen', '91110000-00037341L', charset, { position: 9, char: '-' }],
    ['full-width digit', '９1110000600037341L', charset, { position: 1, char: '９' }],
    ['letter in region', '91A10000600037341L', region, { regionCode: 'A10000', position: 3, char: 'A' }],
    ['letter at position 8', '9111000Y600037341L', region, { regionCode: '11000Y', position: 8, char: 'Y' }],
    ['wrong check character', '91110000600037341M', checksum, { expected: 'L', actual: 'M' }],
    ['transposed body', '91110000600073341L', checksum, { actual: 'L' }],
  ])('rejects %s: %s → %s', (_label, input, code, details) => {
    const r = validateCreditCode(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure.code).toBe(code);
    expect(r.failure.details).toMatchObject(details);
    expect(r.failure.message).toMatch(/^统一社会信用代码.+校验未通过：/);
  });

  it('names the bad character, its position and the expected check character in messages', () => {
    const msg = (s: string) => {
      const r = validateCreditCode(s);
      return r.ok ? '' : r.failure.message;
    };
    expect(msg('91110000600037341')).toContain('实际为 17 位');
    expect(msg('9111000060003734IL')).toContain('第 17 位“I”');
    expect(msg('91A10000600037341L')).toContain('“A10000”');
    expect(msg('91110000600037341M')).toContain('第 18 位应为“L”，实际为“M”');
  });
});

describe('parseCreditCode', () => {
  it('throws DomainError with the failure code, message and details', () => {
    try {
      parseCreditCode('91110000600037341M');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const err = e as DomainError;
      expect(err.code).toBe('CREDIT_CODE_CHECKSUM');
      expect(err.details).toEqual({ expected: 'L', actual: 'M' });
    }
  });
});

describe('creditCodeCheckChar', () => {
  it.each([
    ['91110000600037341', 'L'],
    ['91350100M000100Y4', '3'],
    ['91350100m000100y4', '3'],
  ])('%s → %s', (body, check) => {
    expect(creditCodeCheckChar(body)).toBe(check);
  });

  it.each([
    ['', 'CREDIT_CODE_LENGTH'],
    ['91110000600037341L', 'CREDIT_CODE_LENGTH'],
    ['9111000060003734I', 'CREDIT_CODE_CHARSET'],
  ])('throws on %j with %s', (bad, code) => {
    expect(() => creditCodeCheckChar(bad)).toThrow(expect.objectContaining({ code }));
  });
});
