/**
 * The departments (部门) as reference data held in memory: routing, authorisation paths and the names on
 * timelines read them on nearly every case request. The table changes only when demo data or an
 * administrator writes it (in this process), which invalidates the copy; the next read reloads it.
 */
import { type Database, type DepartmentRow, listDepartments } from '@renshe/db';
import type { Kysely } from 'kysely';

export class DepartmentDirectory {
  #rows: Promise<readonly DepartmentRow[]> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  /** Every department (loaded once, then from memory). */
  list(): Promise<readonly DepartmentRow[]> {
    this.#rows ??= listDepartments(this.db).catch((e: unknown) => {
      this.#rows = null;
      throw e;
    });
    return this.#rows;
  }

  /** Forget the copy after the table was written. */
  invalidate(): void {
    this.#rows = null;
  }
}
