/**
 * 实名注册与找回密码 by SMS code. Registration proves three things before an account exists: the name matches
 * the 公民身份号码 in the identity registry (公安身份核验), the mobile number is registered to that person
 * (运营商实名三要素), and the person holds the phone (a one-time code sent to it comes back). Password reset proves
 * the last for the phone the account already has.
 *
 * Nobody learns who has an account: starting a registration for an ID number that already has one, or a reset
 * for a wrong pair, answers exactly like a fresh start (the owner's phone gets a note instead of a code). Every
 * start is limited per client address, per ID number and per phone (each start costs an SMS); a code lives
 * 10 minutes and allows 5 attempts. Codes are kept only as hashes.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import {
  type AccountRow,
  appendAudit,
  deleteOtherSessions,
  enqueueNotification,
  findAccountByLogin,
  issueVerificationCode,
  lookupHash,
  takeVerificationAttempt,
  updatePasswordHash,
  useVerificationCode,
} from '@renshe/db';
import { shanghaiDate } from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { parseIdNumber } from '@renshe/domain/ids/id-number.ts';
import { maskPhone, maskText } from '@renshe/domain/privacy/mask.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { auditEntry, type CommandContext } from '../context.ts';
import { addressKey, enforceLimits, type RateLimit, refuseIfAtLimit } from '../services/rate-limits.ts';
import { createAccount } from './create-account.ts';

/** Limits on starting a registration or reset (example values, set locally). */
export const SMS_CODE_LIMITS: Readonly<{
  perAddress: RateLimit;
  perIdNumber: RateLimit;
  perPhone: RateLimit;
}> = Object.freeze({
  perAddress: { limit: 10, windowMinutes: 60 },
  perIdNumber: { limit: 5, windowMinutes: 60 },
  perPhone: { limit: 5, windowMinutes: 60 },
});

/** How long a code lives, and how many tries it allows. */
export const SMS_CODE_RULES = Object.freeze({ ttlMinutes: 10, maxAttempts: 5, digits: 6 });

/** What a start answers, whatever happened behind it. */
export interface CodeSent {
  sentTo: string;
  expiresInSeconds: number;
}

type Purpose = 'register' | 'password_reset';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/**
 * The code's subject: the ID number bound to the phone it was sent to, as a keyed lookup hash (an unkeyed
 * hash of an ID number is reversed by trying them all).
 */
const subjectOf = (purpose: Purpose, idNumber: string, phone: string) =>
  lookupHash(`sms-code:${purpose}`, `${idNumber}|${phone}`);
const codeHash = (subject: string, code: string) => sha256(`${subject}|${code}`);

const PHONE = /^1[3-9]\d{9}$/;

function checkPhone(phone: string): string {
  const p = phone.trim();
  if (!PHONE.test(p)) throw new DomainError('PHONE_INVALID', '手机号应为 11 位', { field: 'phone' });
  return p;
}

function idOf(ctx: CommandContext, idNumber: string): string {
  return parseIdNumber(idNumber, { today: shanghaiDate(ctx.clock.now()) }).number;
}

/**
 * The limits of a start: every start counts against the client address; the ID number's and the phone's
 * counters are checked now but charged only when a text is actually sent (`chargeSent`), so a stranger who
 * knows someone's ID number cannot use up that person's starts with wrong phones.
 */
async function limitStart(ctx: CommandContext, purpose: Purpose, id: string, phone: string, address: string) {
  await enforceLimits(ctx, 'SMS_CODE', [
    { key: `${purpose}:ip:${addressKey(address)}`, rule: SMS_CODE_LIMITS.perAddress },
  ]);
  await refuseIfAtLimit(ctx, 'SMS_CODE', sentLimits(purpose, id, phone));
}

function sentLimits(purpose: Purpose, id: string, phone: string) {
  return [
    { key: `${purpose}:id:${lookupHash('rate-limit:id', id)}`, rule: SMS_CODE_LIMITS.perIdNumber },
    { key: `${purpose}:phone:${lookupHash('rate-limit:phone', phone)}`, rule: SMS_CODE_LIMITS.perPhone },
  ];
}

/** Charges a text sent to `phone` for `id` against their limits. */
function chargeSent(ctx: CommandContext, purpose: Purpose, id: string, phone: string): Promise<void> {
  return enforceLimits(ctx, 'SMS_CODE', sentLimits(purpose, id, phone));
}

/** Issues a code for `subject` and queues its SMS (one transaction). */
async function sendCode(ctx: CommandContext, purpose: Purpose, subject: string, phone: string, what: string) {
  const now = ctx.clock.now();
  const code = String(randomInt(10 ** SMS_CODE_RULES.digits)).padStart(SMS_CODE_RULES.digits, '0');
  await ctx.db.transaction().execute(async (trx) => {
    await issueVerificationCode(trx, {
      purpose,
      subjectHash: subject,
      codeHash: codeHash(subject, code),
      now,
      expiresAt: new Date(now.getTime() + SMS_CODE_RULES.ttlMinutes * 60_000),
    });
    await enqueueNotification(trx, {
      channel: 'sms',
      recipient: phone,
      body: `【人社一网通办】您的${what}验证码为 ${code}，${SMS_CODE_RULES.ttlMinutes} 分钟内有效。请勿告诉他人。`,
      ref: null,
      at: now,
    });
  });
}

const answer = (phone: string): CodeSent => ({
  sentTo: maskPhone(phone),
  expiresInSeconds: SMS_CODE_RULES.ttlMinutes * 60,
});

/**
 * Step 1 of registration: checks the name against the identity registry and the phone against the carrier,
 * then sends a code (or, when the ID number already has an account, a note to the phone).
 * REAL_NAME_MISMATCH / PHONE_NOT_REAL_NAME when a check fails; SMS_CODE_THROTTLED past the limits.
 */
export async function startRegistration(
  ctx: CommandContext,
  input: { idNumber: string; name: string; phone: string },
  address: string,
): Promise<CodeSent> {
  const id = idOf(ctx, input.idNumber);
  const phone = checkPhone(input.phone);
  const name = input.name.trim();
  await limitStart(ctx, 'register', id, phone, address);
  const person = await ctx.registries.person(id);
  if (!person || person.name !== name) {
    throw new DomainError('REAL_NAME_MISMATCH', '姓名与公民身份号码不一致（身份核验未通过）', {
      field: 'name',
    });
  }
  if (!(await ctx.registries.phoneRegisteredTo(phone, id, name))) {
    throw new DomainError('PHONE_NOT_REAL_NAME', '该手机号未实名登记在本人名下（运营商核验未通过）', {
      field: 'phone',
    });
  }
  await chargeSent(ctx, 'register', id, phone); // a text goes out either way
  const existing = await findAccountByLogin(ctx.db, id);
  if (existing) {
    await enqueueNotification(ctx.db, {
      channel: 'sms',
      recipient: phone,
      body: '【人社一网通办】有人使用您的身份信息申请注册。您已有账号，无需重复注册；如忘记密码，请使用“找回密码”。',
      ref: null,
      at: ctx.clock.now(),
    });
  } else {
    await sendCode(ctx, 'register', subjectOf('register', id, phone), phone, '注册');
  }
  await appendAudit(
    ctx.db,
    auditEntry(
      ctx,
      'auth.register_start',
      { type: 'account', id: null, regionCode: null },
      {
        idNumber: maskText(id),
        address,
      },
    ),
  );
  return answer(phone);
}

/** Checks a code; VERIFICATION_CODE_INVALID when wrong, expired, used or out of attempts. */
async function checkCode(
  ctx: CommandContext,
  purpose: Purpose,
  subject: string,
  code: string,
  then: (use: (trx: Parameters<typeof useVerificationCode>[0]) => Promise<void>) => Promise<AccountRow>,
): Promise<AccountRow> {
  const now = ctx.clock.now();
  // The attempt is counted in its own transaction, so a wrong guess is remembered even though it fails.
  const live = await ctx.db
    .transaction()
    .execute((trx) => takeVerificationAttempt(trx, purpose, subject, now));
  const ok =
    live !== undefined &&
    live.attempts <= SMS_CODE_RULES.maxAttempts &&
    /^\d{6}$/.test(code) &&
    timingSafeEqual(Buffer.from(live.codeHash), Buffer.from(codeHash(subject, code)));
  if (!ok || !live) {
    throw new DomainError('VERIFICATION_CODE_INVALID', '验证码不正确或已失效，请重新获取', { field: 'code' });
  }
  return then(async (trx) => {
    if (!(await useVerificationCode(trx, live.id, now)))
      throw new DomainError('VERIFICATION_CODE_INVALID', '验证码不正确或已失效，请重新获取', {
        field: 'code',
      });
  });
}

/** Step 2 of registration: the code back, and the password; creates the citizen account. */
export async function completeRegistration(
  ctx: CommandContext,
  input: { idNumber: string; phone: string; code: string; password: string },
): Promise<AccountRow> {
  const id = idOf(ctx, input.idNumber);
  const phone = checkPhone(input.phone);
  const person = await ctx.registries.person(id);
  const problem = passwordProblem(input.password, [id, person?.name ?? '']);
  if (problem) throw new DomainError('PASSWORD_TOO_WEAK', problem, { field: 'password' });
  return checkCode(ctx, 'register', subjectOf('register', id, phone), input.code.trim(), async (use) => {
    await ctx.db.transaction().execute(use);
    return createAccount(ctx, {
      kind: 'citizen',
      loginName: id,
      displayName: person?.name ?? id,
      password: input.password,
      phone,
      regionCode: person?.hukouRegionCode,
    });
  });
}

/** Step 1 of a password reset: a code to the account's own phone when the pair matches; the same answer otherwise. */
export async function startPasswordReset(
  ctx: CommandContext,
  input: { idNumber: string; phone: string },
  address: string,
): Promise<CodeSent> {
  const login = input.idNumber.trim().toUpperCase();
  const phone = checkPhone(input.phone);
  await limitStart(ctx, 'password_reset', login, phone, address);
  const account = await findAccountByLogin(ctx.db, login);
  if (account && account.status === 'active' && account.phone === phone) {
    await chargeSent(ctx, 'password_reset', login, phone);
    await sendCode(ctx, 'password_reset', subjectOf('password_reset', login, phone), phone, '找回密码');
  }
  await appendAudit(
    ctx.db,
    auditEntry(
      ctx,
      'auth.password_reset_start',
      { type: 'account', id: account?.id ?? null, regionCode: null },
      {
        address,
      },
    ),
  );
  return answer(phone);
}

/** Step 2 of a password reset: sets the new password and ends every session of the account. */
export async function completePasswordReset(
  ctx: CommandContext,
  input: { idNumber: string; phone: string; code: string; newPassword: string },
): Promise<AccountRow> {
  const login = input.idNumber.trim().toUpperCase();
  const phone = checkPhone(input.phone);
  const account = await findAccountByLogin(ctx.db, login);
  const problem = passwordProblem(input.newPassword, [login, account?.display_name ?? '']);
  if (problem) throw new DomainError('PASSWORD_TOO_WEAK', problem, { field: 'newPassword' });
  return checkCode(
    ctx,
    'password_reset',
    subjectOf('password_reset', login, phone),
    input.code.trim(),
    async (use) => {
      if (!account)
        throw new DomainError('VERIFICATION_CODE_INVALID', '验证码不正确或已失效，请重新获取', {
          field: 'code',
        });
      const hash = await hashPassword(input.newPassword, ctx.config.scrypt);
      await ctx.db.transaction().execute(async (trx) => {
        await use(trx);
        await updatePasswordHash(trx, account.id, hash, ctx.clock.now());
        await deleteOtherSessions(trx, account.id, '');
        await appendAudit(
          trx,
          auditEntry(ctx, 'auth.password_reset', {
            type: 'account',
            id: account.id,
            regionCode: account.region_code,
          }),
        );
      });
      return account;
    },
  );
}
