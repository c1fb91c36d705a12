/**
 * fast-check arbitraries for 公民身份号码, for tests only.
 *
 * The check character is computed by an independent reference implementation written from the ISO 7064
 * MOD 11-2 definition (weights `2^(17-i) mod 11` built by a loop; check value `c` found by search so that
 * `Σ(aᵢ·Wᵢ) + c ≡ 1 (mod 11)`), not by the production constant tables, so tests compare two implementations.
 */
import fc from 'fast-check';
import type { IdNumber } from './id-number.ts';

const PREFIXES =
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 81 82 83';

/** Province prefixes the generator draws from (written out independently of the production set). */
export const REFERENCE_PROVINCE_PREFIXES: readonly string[] = PREFIXES.split(' ');

/** Reference MOD 11-2 weights: `Wᵢ = 2^(17-i) mod 11` for i = 1…17, computed by repeated doubling. */
export function referenceIdWeights(): number[] {
  const weights = new Array<number>(17);
  let w = 1; // 2^0, the weight of the check character itself (position 18)
  for (let pos = 17; pos >= 1; pos--) {
    w = (w * 2) % 11;
    weights[pos - 1] = w;
  }
  return weights;
}

/** Reference check character for 17 digits: the `c` in 0…10 with `Σ(aᵢ·Wᵢ) + c ≡ 1 (mod 11)`, 10 written `X`. */
export function referenceIdCheckChar(first17: string): string {
  const weights = referenceIdWeights();
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * weights[i]!;
  for (let c = 0; c <= 10; c++) {
    if ((sum + c) % 11 === 1) return c === 10 ? 'X' : String(c);
  }
  throw new Error('unreachable: some c in 0…10 always satisfies the congruence');
}

/** Arbitrary birth date `YYYY-MM-DD` between 1900-01-01 and 2025-12-31 (UTC calendar, so no zone effects). */
export function birthDate(): fc.Arbitrary<string> {
  return fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2025-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
}

/**
 * Arbitrary valid 公民身份号码 together with the fields it was built from (the expected parse result):
 * valid province prefix + 4 random digits, birth date 1900–2025, random 3-digit sequence, reference check char.
 */
export function validIdNumber(): fc.Arbitrary<IdNumber> {
  return fc
    .record({
      province: fc.constantFrom(...REFERENCE_PROVINCE_PREFIXES),
      rest: fc.integer({ min: 0, max: 9999 }),
      birthDate: birthDate(),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ province, rest, birthDate, seq }): IdNumber => {
      const regionCode = province + String(rest).padStart(4, '0');
      const sequence = String(seq).padStart(3, '0');
      const first17 = regionCode + birthDate.replaceAll('-', '') + sequence;
      const checkChar = referenceIdCheckChar(first17);
      return {
        number: first17 + checkChar,
        regionCode,
        birthDate,
        sequence,
        gender: seq % 2 === 1 ? 'male' : 'female',
        checkChar,
      };
    });
}
