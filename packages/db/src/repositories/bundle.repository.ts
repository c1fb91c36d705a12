/** Bundles (一件事) and their parts. Personal form fields and results are sealed at rest (personal-data.ts). */
import type { Kysely } from 'kysely';
import { openPersonal, sealPersonal } from '../personal-data.ts';
import type { BundlePartRow, BundleRow, Database } from '../schema.ts';
import { FIRST_PAGE, type Page, type PageRequest, readPage } from './paging.ts';

/** The parent of a bundle, as inserted. */
export interface NewBundle {
  bundleNumber: string;
  /** The birth record (or other subject) the bundle is about: one bundle per subject. */
  birthRecord: string;
  code: string;
  version: number;
  applicantId: string;
  regionCode: string;
  departmentCode: string;
  form: unknown;
  eligibility: unknown;
  idempotencyKey: string | null;
  now: Date;
}

/**
 * Inserts bundle parents in one statement. A row that would repeat an applicant's idempotency key or a
 * subject's bundle (unique constraints) is skipped, as is every later row of the same statement that
 * repeats one: the answer is the set of bundle numbers actually inserted (the caller leaves the others'
 * parts unwritten and answers them with the bundle that exists).
 */
export async function insertBundles(
  trx: Kysely<Database>,
  bundles: readonly NewBundle[],
): Promise<Set<string>> {
  if (!bundles.length) return new Set();
  const rows = await trx
    .insertInto('bundle')
    .values(
      bundles.map((b) => ({
        bundle_number: b.bundleNumber,
        birth_record: b.birthRecord,
        bundle_code: b.code,
        bundle_version: b.version,
        applicant_id: b.applicantId,
        region_code: b.regionCode,
        department_code: b.departmentCode,
        form: JSON.stringify(sealPersonal(b.form)),
        eligibility: JSON.stringify(sealPersonal(b.eligibility)),
        status: 'in_progress',
        idempotency_key: b.idempotencyKey,
        created_at: b.now,
        updated_at: b.now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('bundle_number')
    .execute();
  return new Set(rows.map((r) => r.bundle_number));
}

/** Links sub-cases to their bundle (one statement). */
export async function insertBundleParts(
  trx: Kysely<Database>,
  parts: readonly {
    bundleNumber: string;
    matterCode: string;
    caseNumber: string;
    status: string;
    now: Date;
  }[],
): Promise<void> {
  if (!parts.length) return;
  await trx
    .insertInto('bundle_part')
    .values(
      parts.map((p) => ({
        bundle_number: p.bundleNumber,
        matter_code: p.matterCode,
        case_number: p.caseNumber,
        delivery: 'pending' as const,
        status: p.status,
        updated_at: p.now,
      })),
    )
    .execute();
}

/** A bundle as stored → as read: the personal values of its form (and answer) opened. */
export function bundleOf(row: BundleRow): BundleRow;
export function bundleOf(row: BundleRow | undefined): BundleRow | undefined;
export function bundleOf(row: BundleRow | undefined): BundleRow | undefined {
  return row && { ...row, form: openPersonal(row.form), eligibility: openPersonal(row.eligibility) };
}

/** A part as stored → as read: the personal values of its result opened. */
function partOf(row: BundlePartRow): BundlePartRow;
function partOf(row: BundlePartRow | undefined): BundlePartRow | undefined;
function partOf(row: BundlePartRow | undefined): BundlePartRow | undefined {
  return row && (row.result === null ? row : { ...row, result: openPersonal(row.result) });
}

export async function findBundle(db: Kysely<Database>, bundleNumber: string): Promise<BundleRow | undefined> {
  return bundleOf(
    await db.selectFrom('bundle').selectAll().where('bundle_number', '=', bundleNumber).executeTakeFirst(),
  );
}

/** The bundle row, locked until the caller's transaction ends (serialises updates of its status). */
export async function lockBundle(
  trx: Kysely<Database>,
  bundleNumber: string,
): Promise<BundleRow | undefined> {
  return bundleOf(
    await trx
      .selectFrom('bundle')
      .selectAll()
      .where('bundle_number', '=', bundleNumber)
      .forUpdate()
      .executeTakeFirst(),
  );
}

/** The bundle already filed for a birth record, if any. */
export async function findBundleOfBirth(
  db: Kysely<Database>,
  code: string,
  birthRecord: string,
): Promise<BundleRow | undefined> {
  return bundleOf(
    await db
      .selectFrom('bundle')
      .selectAll()
      .where('bundle_code', '=', code)
      .where('birth_record', '=', birthRecord)
      .executeTakeFirst(),
  );
}

export async function findBundleByIdempotencyKey(
  db: Kysely<Database>,
  applicantId: string,
  key: string,
): Promise<BundleRow | undefined> {
  return bundleOf(
    await db
      .selectFrom('bundle')
      .selectAll()
      .where('applicant_id', '=', applicantId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst(),
  );
}

/** The bundles already filed under any of these (applicant, idempotency key) pairs: one statement. */
export async function findBundlesByIdempotencyKeys(
  db: Kysely<Database>,
  keys: readonly { applicantId: string; key: string }[],
): Promise<{ applicant_id: string; idempotency_key: string; bundle_number: string }[]> {
  if (!keys.length) return [];
  const rows = await db
    .selectFrom('bundle')
    .select(['applicant_id', 'idempotency_key', 'bundle_number'])
    .where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple('applicant_id', 'idempotency_key'),
        'in',
        keys.map((k) => tuple(k.applicantId, k.key)),
      ),
    )
    .execute();
  return rows.map((r) => ({ ...r, idempotency_key: r.idempotency_key! }));
}

/** One page of the applicant's bundles, newest first (then by bundle number), with the count of all of them. */
export function listBundlesOfApplicant(
  db: Kysely<Database>,
  applicantId: string,
  page: PageRequest = FIRST_PAGE,
): Promise<Page<BundleRow>> {
  return readPage(
    db.selectFrom('bundle').where('applicant_id', '=', applicantId),
    (q) => q.selectAll().orderBy('created_at', 'desc').orderBy('bundle_number', 'desc'),
    page,
  ).then((p) => ({ ...p, items: p.items.map((b) => bundleOf(b)) }));
}

export async function listBundleParts(db: Kysely<Database>, bundleNumber: string): Promise<BundlePartRow[]> {
  const rows = await db
    .selectFrom('bundle_part')
    .selectAll()
    .where('bundle_number', '=', bundleNumber)
    .orderBy('case_number')
    .execute();
  return rows.map((r) => partOf(r));
}

/** The part a sub-case belongs to, if any (locked until the transaction ends with `forUpdate`). */
export async function findPartByCase(
  db: Kysely<Database>,
  caseNumber: string,
  opts: { forUpdate?: boolean } = {},
): Promise<BundlePartRow | undefined> {
  const q = db.selectFrom('bundle_part').selectAll().where('case_number', '=', caseNumber);
  return partOf(await (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst());
}

/** Updates a part (status/result after a sub-case event, or the agency's delivery answer). */
export async function updateBundlePart(
  trx: Kysely<Database>,
  caseNumber: string,
  set: {
    status?: string;
    result?: unknown;
    delivery?: BundlePartRow['delivery'];
    agencyRef?: string;
    now: Date;
  },
): Promise<void> {
  await trx
    .updateTable('bundle_part')
    .set({
      ...(set.status ? { status: set.status } : {}),
      ...(set.result !== undefined ? { result: JSON.stringify(sealPersonal(set.result)) } : {}),
      ...(set.delivery ? { delivery: set.delivery } : {}),
      ...(set.agencyRef ? { agency_ref: set.agencyRef } : {}),
      updated_at: set.now,
    })
    .where('case_number', '=', caseNumber)
    .execute();
}

/** Sets the bundle's status (completed_at when it leaves in_progress). */
export async function setBundleStatus(
  trx: Kysely<Database>,
  bundleNumber: string,
  status: BundleRow['status'],
  now: Date,
): Promise<void> {
  await trx
    .updateTable('bundle')
    .set({ status, updated_at: now, completed_at: status === 'in_progress' ? null : now })
    .where('bundle_number', '=', bundleNumber)
    .execute();
}
