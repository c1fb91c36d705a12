/** Departments (agencies and their sub-units). */
import type { Kysely } from 'kysely';
import type { Database, DepartmentRow } from '../schema.ts';

/** Inserts or updates a department by code. */
export async function upsertDepartment(
  db: Kysely<Database>,
  d: { code: string; name: string; parentCode: string | null; agency: string; regionCode: string },
): Promise<void> {
  await db
    .insertInto('department')
    .values({
      code: d.code,
      name: d.name,
      parent_code: d.parentCode,
      agency: d.agency,
      region_code: d.regionCode,
    })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({
        name: d.name,
        parent_code: d.parentCode,
        agency: d.agency,
        region_code: d.regionCode,
      }),
    )
    .execute();
}

/** All departments ordered by region then code. */
export function listDepartments(db: Kysely<Database>): Promise<DepartmentRow[]> {
  return db.selectFrom('department').selectAll().orderBy('region_code').orderBy('code').execute();
}
