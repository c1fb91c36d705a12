/**
 * Builds the app's long-lived dependencies in one place (server, CLI and tests): the database, clock,
 * calendar, the policy and matter catalogues, the shared-data adapter, the audit checkpoint sink and the
 * protection of personal data at rest.
 */

import { configuredPersonalData, type Database, type FieldCipher } from '@renshe/db';
import type { Clock } from '@renshe/domain/dates.ts';
import { shanghaiDate } from '@renshe/domain/dates.ts';
import { loadBundles, loadMatters } from '@renshe/matters';
import { loadParameterStore, RULES } from '@renshe/policies';
import type { Kysely } from 'kysely';
import { type AgencyGateway, LocalAgencyGateway } from './adapters/agency-gateway.ts';
import { type AuditCheckpointSink, MemoryCheckpointSink } from './adapters/audit-checkpoint-sink.ts';
import { type CivilRegistries, LocalCivilRegistries } from './adapters/civil-registries.ts';
import { LocalSharedData, type SharedDataSource } from './adapters/shared-data.ts';
import type { AppConfig, AppDeps } from './context.ts';
import { DEMO_INSURED, demoRegistryData } from './demo-data.ts';
import { CalendarService } from './services/calendar.service.ts';
import { DepartmentDirectory } from './services/department-directory.ts';
import { developmentFieldCipher } from './services/field-cipher.ts';
import { protectPersonalData } from './services/personal-data.ts';

/** Everything but the database-dependent parts: catalogues and adapters (no I/O beyond reading files). */
export function loadCatalogues(): Pick<AppDeps, 'policies' | 'matters'> {
  const catalogue = loadMatters();
  return {
    policies: { store: loadParameterStore(), rules: RULES },
    matters: { catalogue, bundles: loadBundles(catalogue) },
  };
}

/** The full dependencies of the app. */
export async function buildDeps(opts: {
  db: Kysely<Database>;
  clock: Clock;
  config: AppConfig;
  sharedData?: SharedDataSource;
  registries?: CivilRegistries;
  agencies?: AgencyGateway;
  /** The server and CLI pass the checkpoint file; tests default to memory. */
  auditCheckpoints?: AuditCheckpointSink;
  /** The cipher of personal data (DATA_KEYS); default: the one already in use, else the development keys. */
  fieldCipher?: FieldCipher;
}): Promise<AppDeps> {
  const catalogues = loadCatalogues();
  protectPersonalData(
    opts.fieldCipher ?? configuredPersonalData()?.cipher ?? developmentFieldCipher(),
    catalogues.matters,
  );
  return {
    db: opts.db,
    clock: opts.clock,
    calendar: await CalendarService.load(opts.db),
    departments: new DepartmentDirectory(opts.db),
    config: opts.config,
    ...catalogues,
    sharedData: opts.sharedData ?? new LocalSharedData(DEMO_INSURED),
    registries: opts.registries ?? new LocalCivilRegistries(demoRegistryData(shanghaiDate(opts.clock.now()))),
    agencies: opts.agencies ?? new LocalAgencyGateway(),
    auditCheckpoints: opts.auditCheckpoints ?? new MemoryCheckpointSink(),
  };
}
