/** Message keys for the API's enumerations, checked against the domain and API types. */
import type { StaffRole } from '@renshe/domain/access/actor.ts';
import type { Account, RegionItem } from './api/types.ts';
import type { MessageKey } from './i18n/messages.ts';

/** Account kind → label key. */
export const KIND_KEYS = {
  citizen: 'kind.citizen',
  employer: 'kind.employer',
  staff: 'kind.staff',
  admin: 'kind.admin',
} as const satisfies Record<Account['kind'], MessageKey>;

/** Staff role → label key. */
export const ROLE_KEYS = {
  intake: 'role.intake',
  handler: 'role.handler',
  reviewer: 'role.reviewer',
  supervisor: 'role.supervisor',
} as const satisfies Record<StaffRole, MessageKey>;

/** Region level → label key. */
export const LEVEL_KEYS: Record<string, MessageKey> = {
  country: 'level.country',
  province: 'level.province',
  prefecture: 'level.prefecture',
  county: 'level.county',
} satisfies Record<'country' | 'province' | 'prefecture' | 'county', MessageKey>;

/** The label key of a role, or undefined for a role the shell does not know. */
export function roleKey(role: string): MessageKey | undefined {
  return role in ROLE_KEYS ? ROLE_KEYS[role as StaffRole] : undefined;
}

/** Colour of the account-kind tag. */
export const KIND_COLORS: Record<Account['kind'], string> = {
  citizen: 'green',
  employer: 'cyan',
  staff: 'blue',
  admin: 'volcano',
};

/** "山西省 / 太原市 / 小店区" for a region and its ancestors (root 000000 left out unless alone). */
export function regionPath(region: { name: string; ancestors: readonly RegionItem[] }): string {
  return [...region.ancestors.filter((a) => a.code !== '000000').map((a) => a.name), region.name].join(' / ');
}
