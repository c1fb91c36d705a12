/**
 * Offset paging for the lists people read (inbox, tasks, my cases, my bundles, staff): one page of rows in
 * a stable order and the count of every row the same filter matches, both computed in SQL.
 */
import type { SelectQueryBuilder } from 'kysely';

/** Which page to read: `page` counts from 1. */
export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
}

/** One page of rows and the number of rows in all pages. */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

/** The first page of the default size (what a list without paging parameters returns). */
export const FIRST_PAGE: PageRequest = Object.freeze({ page: 1, pageSize: 20 });

/**
 * Runs `filtered` twice: `count(*)` over the filter, and the page — `ordered` adds the columns and the
 * order (which must be total, so that pages neither repeat nor skip rows) — with limit and offset.
 */
export async function readPage<DB, TB extends keyof DB, O>(
  filtered: SelectQueryBuilder<DB, TB, object>,
  ordered: (q: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, O>,
  { page, pageSize }: PageRequest,
): Promise<Page<O>> {
  const [counted, items] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ordered(filtered)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { items: items as O[], total: Number((counted as { total: number }).total) };
}
