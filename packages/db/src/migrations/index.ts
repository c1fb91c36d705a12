/**
 * The ordered list of migrations. Forward-only: a migration, once landed, is never edited; a change is
 * a new file. Names sort in application order.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-cases.ts';
import * as m0003 from './0003-case-tasks.ts';
import * as m0004 from './0004-bundles.ts';
import * as m0005 from './0005-audit-actor-index.ts';
import * as m0006 from './0006-provisional-deadlines.ts';
import * as m0007 from './0007-audit-keyed.ts';
import * as m0008 from './0008-rate-limits.ts';
import * as m0009 from './0009-verification-codes.ts';
import * as m0010 from './0010-personal-data-sealed.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-cases': m0002,
  '0003-case-tasks': m0003,
  '0004-bundles': m0004,
  '0005-audit-actor-index': m0005,
  '0006-provisional-deadlines': m0006,
  '0007-audit-keyed': m0007,
  '0008-rate-limits': m0008,
  '0009-verification-codes': m0009,
  '0010-personal-data-sealed': m0010,
};
