/** Message keys for the API's enumerations, checked against the domain and API types. */
import type { StaffRole } from '@renshe/domain/access/actor.ts';
import type { Account, GuideLimit, MaterialSource, MatterGuide, RegionItem } from './api/types.ts';
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

/** Material source / how a material came in → label key (unknown values fall back to the raw id). */
export const SOURCE_KEYS: Record<string, MessageKey> = {
  applicant: 'source.applicant',
  shared: 'source.shared',
  e_licence: 'source.e_licence',
  commitment: 'source.commitment',
  agency: 'source.agency',
  deferred: 'source.deferred',
} satisfies Record<MaterialSource | 'deferred', MessageKey>;

/** Colour of a material-source tag. */
export const SOURCE_COLORS: Record<string, string> = {
  applicant: 'blue',
  shared: 'green',
  e_licence: 'cyan',
  commitment: 'purple',
  agency: 'geekblue',
  deferred: 'orange',
};

/** Material status on a case → label key and tag colour. */
export const MATERIAL_STATUS: Record<string, { key: MessageKey; color: string }> = {
  on_file: { key: 'mstatus.on_file', color: 'success' },
  missing: { key: 'mstatus.missing', color: 'error' },
  deferred: { key: 'mstatus.deferred', color: 'warning' },
  committed: { key: 'mstatus.committed', color: 'purple' },
};

/** Material form → label key. */
export const FORM_KEYS = {
  paper: 'guide.form.paper',
  electronic: 'guide.form.electronic',
  either: 'guide.form.either',
} as const satisfies Record<MatterGuide['materials'][number]['form'], MessageKey>;

/** Time-limit unit → label key (appended to the amount). */
export const UNIT_KEYS = {
  working_days: 'unit.working_days',
  calendar_days: 'unit.calendar_days',
} as const satisfies Record<GuideLimit['unit'], MessageKey>;
