/** Calendar years loaded by administrators (years beyond the shipped calendar data). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Every loaded year's raw data, oldest first. */
export async function listLoadedCalendarYears(
  db: Kysely<Database>,
): Promise<{ year: number; data: unknown }[]> {
  return db.selectFrom('calendar_year').select(['year', 'data']).orderBy('year').execute();
}

/** Stores (or replaces) one year's data. */
export async function upsertCalendarYear(
  db: Kysely<Database>,
  year: number,
  data: unknown,
  loadedBy: string,
): Promise<void> {
  const json = JSON.stringify(data);
  await db
    .insertInto('calendar_year')
    .values({ year, data: json, loaded_by: loadedBy })
    .onConflict((oc) => oc.column('year').doUpdateSet({ data: json, loaded_by: loadedBy }))
    .execute();
}

/** Each loaded year with its stored data as text: a signature to notice another process's load or correction. */
export async function listCalendarYearLoads(
  db: Kysely<Database>,
): Promise<{ year: number; loadedAt: string }[]> {
  const rows = await db.selectFrom('calendar_year').select(['year', 'data']).orderBy('year').execute();
  return rows.map((r) => ({ year: r.year, loadedAt: JSON.stringify(r.data) }));
}
