/**
 * What commands receive: the database, the clock, the calendar, and who is acting in which request.
 * Commands never read process.env or Date.now(); the server builds this per request.
 */

import { type AccountRow, type AuditEntry, type Database, findAccountById } from '@renshe/db';
import type { Actor } from '@renshe/domain/access/actor.ts';
import type { Clock } from '@renshe/domain/dates.ts';
import type { BundleCatalogue, MatterCatalogue } from '@renshe/matters';
import type { ParameterStore } from '@renshe/rules/parameters.ts';
import type { Rule } from '@renshe/rules/rule.ts';
import type { Kysely } from 'kysely';
import type { AgencyGateway } from './adapters/agency-gateway.ts';
import type { AuditCheckpointSink } from './adapters/audit-checkpoint-sink.ts';
import type { CivilRegistries } from './adapters/civil-registries.ts';
import type { SharedDataSource } from './adapters/shared-data.ts';
import type { ScryptParams } from './auth/password.ts';
import type { CalendarService } from './services/calendar.service.ts';
import type { DepartmentDirectory } from './services/department-directory.ts';

/** Long-lived dependencies of the app. */
export interface AppDeps {
  db: Kysely<Database>;
  clock: Clock;
  calendar: CalendarService;
  /** Departments as reference data (in memory, reloaded after a write). */
  departments: DepartmentDirectory;
  /** The policy catalogue: parameters and rules (immutable, loaded at start). */
  policies: { store: ParameterStore; rules: ReadonlyMap<string, Rule> };
  /** The matter catalogue (every version) and the bundles (一件事) built on it. */
  matters: { catalogue: MatterCatalogue; bundles: BundleCatalogue };
  /** Other agencies' registries (shared data instead of materials). */
  sharedData: SharedDataSource;
  /** Birth records, identity, household register and marriage registries (read by bundles). */
  registries: CivilRegistries;
  /** The agencies' own systems that receive a bundle's sub-cases. */
  agencies: AgencyGateway;
  /** Where signed checkpoints of the audit chain heads go (outside the database). */
  auditCheckpoints: AuditCheckpointSink;
  config: AppConfig;
}

/** Settings the app's commands and plugins read (from the environment, once, in main.ts). */
export interface AppConfig {
  sessionTtlHours: number;
  /** `auto`: Secure when the request came over HTTPS. */
  cookieSecure: boolean | 'auto';
  scrypt: ScryptParams;
  /** Origins a browser's state-changing request may come from; unset: the request's own origin. */
  siteOrigins?: readonly string[];
}

/** One request's view: dependencies plus actor and request id. */
export interface CommandContext extends AppDeps {
  actor: Actor;
  requestId: string;
  /** The actor's account as read with the session in this request (saves reading it again). */
  account?: AccountRow;
}

/** The acting account: the one read with the session, else from the database (none for the system). */
export async function actingAccount(
  ctx: Pick<CommandContext, 'actor' | 'account'>,
  db: Kysely<Database>,
): Promise<AccountRow | undefined> {
  if (ctx.account && ctx.account.id === ctx.actor.id) return ctx.account;
  if (!ctx.actor.id || ctx.actor.kind === 'system') return undefined;
  return findAccountById(db, ctx.actor.id);
}

/** Builds the audit entry for an action by the context's actor. */
export function auditEntry(
  ctx: CommandContext,
  action: string,
  resource: { type: string; id: string | null; regionCode: string | null },
  details: Record<string, unknown> = {},
): AuditEntry {
  return {
    at: ctx.clock.now(),
    actorId: ctx.actor.id ?? null,
    actorKind: ctx.actor.kind,
    action,
    resourceType: resource.type,
    resourceId: resource.id,
    regionCode: resource.regionCode,
    requestId: ctx.requestId,
    details,
  };
}
