/**
 * 办件编号 / 联办编号: `<region>-<yyyymmdd>-<sequence>-<random><check>`, e.g. `140100-20261203-000001-482730`.
 *
 * The readable part (the handling region, the business day, a sequence per region and day) tells staff where
 * and when a case began; the last group makes a number impossible to guess from its neighbours: five random
 * digits (chosen by the caller from a cryptographic source) and one check digit (Luhn over every digit of the
 * number), so a mistyped number is told apart from one that does not exist. With the progress lookup's
 * limits, guessing one case's number takes on average 50,000 tries of a known sequence.
 */

/** Random digits in the last group (the check digit follows). */
export const CASE_NUMBER_RANDOM_DIGITS = 5;

const FORMAT = /^B?\d{6}-\d{8}-\d{6}-\d{6}$/;

/** The Luhn check digit of the digits of `s` (other characters ignored). */
function luhnDigit(s: string): number {
  const digits = s.replace(/\D/g, '');
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The full number for a prefix (`140100-20261203`, or `B…` for a bundle), a sequence and random digits. */
export function formatCaseNumber(prefix: string, sequence: number, random: string): string {
  if (!/^\d{5}$/.test(random)) throw new Error('random part must be 5 digits');
  const body = `${prefix}-${String(sequence).padStart(6, '0')}-${random}`;
  return `${body}${luhnDigit(body)}`;
}

/** True when `s` has the shape of a case or bundle number and its check digit holds. */
export function isWellFormedCaseNumber(s: string): boolean {
  if (!FORMAT.test(s)) return false;
  return luhnDigit(s.slice(0, -1)) === Number(s.at(-1));
}
