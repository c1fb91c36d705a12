/**
 * 创建账号. Citizens register themselves with their 身份证号 (every check of GB 11643 applies and the
 * failing one is named); employers are created with their 统一社会信用代码; staff and administrators
 * by an administrator, staff with a department, a region and roles.
 */

import { type AccountRow, appendAudit, insertAccount } from '@renshe/db';
import { STAFF_ROLES } from '@renshe/domain/access/actor.ts';
import { shanghaiDate } from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { parseCreditCode } from '@renshe/domain/ids/credit-code.ts';
import { parseIdNumber } from '@renshe/domain/ids/id-number.ts';
import { getRegion } from '@renshe/domain/regions/region.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { auditEntry, type CommandContext } from '../context.ts';

/** Input for any account kind. */
export interface NewAccountInput {
  kind: 'citizen' | 'employer' | 'staff' | 'admin';
  loginName: string;
  displayName: string;
  password: string;
  phone?: string | undefined;
  departmentCode?: string | undefined;
  regionCode?: string | undefined;
  roles?: string[] | undefined;
}

/** Validates the kind-specific identity and returns the normalised login name. */
function normaliseLogin(ctx: CommandContext, input: NewAccountInput): string {
  switch (input.kind) {
    case 'citizen':
      return parseIdNumber(input.loginName, { today: shanghaiDate(ctx.clock.now()) }).number;
    case 'employer':
      return parseCreditCode(input.loginName).code;
    default:
      if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(input.loginName)) {
        throw new DomainError(
          'LOGIN_NAME_INVALID',
          '工作人员账号应为 3–32 位小写字母、数字或 _.-，以字母开头',
          {
            field: 'loginName',
          },
        );
      }
      return input.loginName;
  }
}

/** Creates an account; LOGIN_NAME_EXISTS when taken. Nothing is written on any failure. */
export async function createAccount(ctx: CommandContext, input: NewAccountInput): Promise<AccountRow> {
  const loginName = normaliseLogin(ctx, input);
  const problem = passwordProblem(input.password, [loginName, input.displayName]);
  if (problem) throw new DomainError('PASSWORD_TOO_WEAK', problem, { field: 'password' });
  if (input.regionCode) getRegion(input.regionCode);
  if (input.kind === 'staff') {
    if (!input.departmentCode || !input.regionCode) {
      throw new DomainError('STAFF_SCOPE_REQUIRED', '工作人员账号须指定所属部门和区划', {
        fields: ['departmentCode', 'regionCode'],
      });
    }
    const unknown = (input.roles ?? []).filter((r) => !(r in STAFF_ROLES));
    if (unknown.length > 0) {
      throw new DomainError('ROLE_UNKNOWN', `未知角色：${unknown.join('、')}`, { field: 'roles', unknown });
    }
    const dept = await ctx.db
      .selectFrom('department')
      .select('code')
      .where('code', '=', input.departmentCode)
      .executeTakeFirst();
    if (!dept)
      throw new DomainError('DEPARTMENT_NOT_FOUND', `部门不存在：${input.departmentCode}`, {
        field: 'departmentCode',
      });
  }
  const hash = await hashPassword(input.password, ctx.config.scrypt);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertAccount(trx, {
      kind: input.kind,
      login_name: loginName,
      display_name: input.displayName,
      password_hash: hash,
      department_code: input.kind === 'staff' ? (input.departmentCode ?? null) : null,
      region_code: input.regionCode ?? null,
      roles: input.kind === 'staff' ? (input.roles ?? []) : [],
      phone: input.phone ?? null,
      password_changed_at: ctx.clock.now(),
      created_at: ctx.clock.now(),
    });
    if (!row) throw new DomainError('LOGIN_NAME_EXISTS', '该账号已注册', { field: 'loginName' });
    await appendAudit(
      trx,
      auditEntry(
        ctx,
        'account.create',
        { type: 'account', id: row.id, regionCode: row.region_code },
        { kind: row.kind, loginName },
      ),
    );
    return row;
  });
}
