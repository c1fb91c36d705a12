/**
 * Password hashing with scrypt (memory-hard; built into Node, no native addon). Parameters follow OWASP's
 * scrypt recommendation (N=2^15, r=8, p=3 ≈ 32 MiB per hash) and are stored with each hash so they can
 * be raised later without invalidating old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

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

/** Password policy: 8–128 characters with at least a letter and a digit. Returns the problem, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8 || password.length > 128) return '密码长度应为 8–128 位';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字';
  return null;
}
