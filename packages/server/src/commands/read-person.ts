/** 查看个人档案: every read of a person's record is audited (who read whose record, when, in which request). */

import { type AccountRow, appendAudit, findAccountById } from '@renshe/db';
import type { ResourceRef } from '@renshe/domain/access/authorize.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { auditEntry, type CommandContext } from '../context.ts';

/** The person as an authorisation resource (owner = the account; region = their registered region). */
export async function personResource(
  ctx: Pick<CommandContext, 'db'>,
  accountId: string,
): Promise<ResourceRef & { account: AccountRow }> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(accountId);
  const account = uuid ? await findAccountById(ctx.db, accountId) : undefined;
  if (account?.kind !== 'citizen')
    throw new DomainError('PERSON_NOT_FOUND', '未找到该人员', { id: accountId });
  return {
    type: 'person',
    id: account.id,
    ownerId: account.id,
    regionCode: account.region_code ?? '000000',
    account,
  };
}

/** Returns the person's record and appends the read to the audit log. */
export async function readPerson(ctx: CommandContext, account: AccountRow): Promise<AccountRow> {
  await ctx.db
    .transaction()
    .execute((trx) =>
      appendAudit(
        trx,
        auditEntry(ctx, 'person.read', { type: 'person', id: account.id, regionCode: account.region_code }),
      ),
    );
  return account;
}
