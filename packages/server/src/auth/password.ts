/**
 * Password hashing with scrypt (memory-hard; built into Node, no native addon). Parameters follow OWASP's
 * scrypt recommendation (N=2^15, r=8, p=3 ≈ 32 MiB per hash) and are stored with each hash so they can
 * be raised later without invalidating old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/** scrypt cost parameters. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Production cost (OWASP). */
export const STANDARD_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

/** A cheap cost for test databases only (the same algorithm and code path, 1/100 of the work). */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LEN,
      { N, r, p, maxmem: 256 * N * r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** Hashes a password: `scrypt$N$r$p$salt$key` (base64url parts). */
export async function hashPassword(
  password: string,
  params: ScryptParams = STANDARD_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params.N, params.r, params.p);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash that never verifies, used to spend the same time when the account does not exist. */
export function dummyHash(params: ScryptParams): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LEN).toString('base64url')}`;
}

/** Chinese passwords common enough that a strength estimator trained on English lists misses them. */
const COMMON_CN = [
  'woaini',
  '5201314',
  '1314520',
  'iloveyou',
  'aini1314',
  'qq123456',
  'a123456',
  'abc123',
  'zhang',
  'wang',
  'li123',
  'huang',
  'liu123',
  'chen123',
  'shebao',
  'mima',
  'admin',
  'password',
  'qwerty',
  '123qwe',
];

let estimator: ZxcvbnFactory | undefined;
/** zxcvbn-ts with its common-password and keyboard data, built on first use (≈ 0.7 s, once). */
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, cn: COMMON_CN },
    graphs: common.adjacencyGraphs,
  });
  return estimator;
}

/** Lowest zxcvbn score accepted (0–4; 3 = "safely unguessable: moderate protection from offline attack"). */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Password policy (等保 2.0 身份鉴别: 口令复杂度): 10–128 characters, at least three of lower-case letters,
 * upper-case letters, digits and symbols, not guessable (zxcvbn-ts score ≥ {@link MIN_PASSWORD_SCORE} against its
 * common-password lists and a list of common Chinese ones), and not built from the account's own login name
 * or other `personal` strings (e.g. the 身份证号, whose birth date is a favourite). Returns the problem, or null.
 */
export function passwordProblem(password: string, personal: readonly string[] = []): string | null {
  if (password.length < 10 || password.length > 128) return '密码长度应为 10–128 位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  const lower = password.toLowerCase();
  for (const p of personal) {
    const v = p.trim().toLowerCase();
    if (v.length >= 4 && (lower.includes(v) || (v.length === 18 && lower.includes(v.slice(6, 14)))))
      return '密码不能包含账号、证件号码或出生日期';
  }
  if (strength().check(password, [...personal]).score < MIN_PASSWORD_SCORE)
    return '密码太常见或太容易猜到，请换一个更复杂的密码';
  return null;
}
