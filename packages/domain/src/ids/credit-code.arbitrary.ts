/**
 * fast-check arbitraries for 统一社会信用代码, for tests only.
 *
 * The check character is computed by an independent reference implementation written from the GB 32100
 * definition: the alphabet is rebuilt from `0-9A-Z` minus I, O, S, V, Z, the weights `3^i mod 31` by a loop,
 * and the check value `c` found by search so that `Σ(vᵢ·Wᵢ) + c ≡ 0 (mod 31)` — not the production tables.
 */
import fc from 'fast-check';
import type { CreditCode } from './credit-code.ts';

/** Reference alphabet: digits then A–Z without I, O, S, V, Z (31 symbols, value = index). */
export const REFERENCE_CREDIT_ALPHABET: string = (() => {
  let out = '';
  for (let c = 48; c <= 57; c++) out += String.fromCharCode(c);
  for (let c = 65; c <= 90; c++) {
    const ch = String.fromCharCode(c);
    if (!'IOSVZ'.includes(ch)) out += ch;
  }
  return out;
})();

/** Reference weights `Wᵢ = 3^(i-1) mod 31` for positions i = 1…17, by repeated multiplication. */
export function referenceCreditWeights(): number[] {
  const weights: number[] = [];
  let w = 1;
  for (let i = 0; i < 17; i++) {
    weights.push(w);
    w = (w * 3) % 31;
  }
  return weights;
}

/** Reference check character for 17 code characters: the `c` in 0…30 with `Σ(vᵢ·Wᵢ) + c ≡ 0 (mod 31)`. */
export function referenceCreditCheckChar(first17: string): string {
  const weights = referenceCreditWeights();
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += REFERENCE_CREDIT_ALPHABET.indexOf(first17[i]!) * weights[i]!;
  for (let c = 0; c < 31; c++) {
    if ((sum + c) % 31 === 0) return REFERENCE_CREDIT_ALPHABET[c]!;
  }
  throw new Error('unreachable: some c in 0…30 always satisfies the congruence');
}

const codeChar = (): fc.Arbitrary<string> => fc.constantFrom(...REFERENCE_CREDIT_ALPHABET);
const digit = (): fc.Arbitrary<string> => fc.constantFrom(...'0123456789');

/**
 * Arbitrary valid 统一社会信用代码 together with the fields it was built from (the expected parse result):
 * any code characters at positions 1–2 and 9–17, six digits at 3–8, reference check char at 18.
 */
export function validCreditCode(): fc.Arbitrary<CreditCode> {
  return fc
    .record({
      registrationAuthority: codeChar(),
      entityCategory: codeChar(),
      region: fc.array(digit(), { minLength: 6, maxLength: 6 }),
      organization: fc.array(codeChar(), { minLength: 9, maxLength: 9 }),
    })
    .map(({ registrationAuthority, entityCategory, region, organization }): CreditCode => {
      const regionCode = region.join('');
      const organizationCode = organization.join('');
      const first17 = registrationAuthority + entityCategory + regionCode + organizationCode;
      const checkChar = referenceCreditCheckChar(first17);
      return {
        code: first17 + checkChar,
        registrationAuthority,
        entityCategory,
        regionCode,
        organizationCode,
        checkChar,
      };
    });
}
