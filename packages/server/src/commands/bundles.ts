/**
 * 一件事 (bundle) use cases, for the newborn "出生一件事" and any bundle defined as data:
 * - pre-check: the merged form is validated, the registries are read (birth record, parents, marriage,
 *   household), every eligibility condition is answered with its reason; nothing is written;
 * - submit: in one transaction the parent (bundle), one sub-case per part in its agency's inbox (each with
 *   its own clock), the registry reads as evidence, audit rows, and one outbox message per part for the
 *   agency's system; idempotent by Idempotency-Key (concurrent retries return the one bundle); submissions
 *   that arrive together share their transaction (group commit), each answered once it has committed;
 * - the agencies' systems answer later (dispatcher or callback): accepted starts the sub-case's clock,
 *   rejected ends it with a 不予受理 decision, pending waits for the callback;
 * - every sub-case event updates its part (status, result) and the bundle's status in the same
 *   transaction; the parents follow one timeline across all parts and may take a part out to do singly.
 */

import type { Bundle, BundleField } from '@renshe/cases/bundle/bundle-schema.ts';
import { type BundlePartView, bundleStatus, partStatus } from '@renshe/cases/bundle/bundle-status.ts';
import {
  checkEligibility,
  type EligibilityFacts,
  type EligibilityResult,
} from '@renshe/cases/bundle/eligibility.ts';
import { decide } from '@renshe/cases/engine/case-engine.ts';
import type { CaseEvent, MaterialEntry } from '@renshe/cases/engine/case-record.ts';
import { caseView } from '@renshe/cases/engine/case-view.ts';
import {
  appendAudit,
  appendAudits,
  type BundlePartRow,
  type BundleRow,
  type Database,
  enqueueNotification,
  enqueueNotifications,
  findBundleByIdempotencyKey,
  findBundleOfBirth,
  findBundlesByIdempotencyKeys,
  findCaseFile,
  findPartByCase,
  insertBundleParts,
  insertBundles,
  insertCases,
  listBundleParts,
  loadCaseRecord,
  lockBundle,
  recentAuditOfActor,
  reserveCaseNumbersFor,
  setBundleStatus,
  updateBundlePart,
} from '@renshe/db';
import { authorizeOrThrow } from '@renshe/domain/access/authorize.ts';
import { shanghaiDate } from '@renshe/domain/dates.ts';
import { DomainError, isDomainError } from '@renshe/domain/errors.ts';
import { validateIdNumber } from '@renshe/domain/ids/id-number.ts';
import { maskText } from '@renshe/domain/privacy/mask.ts';
import { findRegion } from '@renshe/domain/regions/region.ts';
import { latestBundle } from '@renshe/matters';
import type { Kysely } from 'kysely';
import type { AgencyAnswer, AgencyDelivery } from '../adapters/agency-gateway.ts';
import { actingAccount, auditEntry, type CommandContext } from '../context.ts';
import { GroupCommit } from '../services/group-commit.ts';
import {
  afterEvent,
  caseNumberPrefix,
  commitEvent,
  eventActor,
  matterOf,
  routeToDepartment,
  summaryOf,
} from './cases.ts';

/** The merged form as submitted (field id → value). */
export type BundleForm = Record<string, string>;

/** The bundle definition a stored bundle runs on. */
export function bundleOf(ctx: Pick<CommandContext, 'matters'>, code: string, version?: number): Bundle {
  if (version === undefined) return latestBundle(ctx.matters.bundles, code);
  const b = ctx.matters.bundles.get(code)?.get(version);
  if (!b)
    throw new DomainError('BUNDLE_NOT_FOUND', `没有联办事项 ${code} 的第 ${version} 版`, { code, version });
  return b;
}

function fieldProblem(f: BundleField, v: string | undefined): string | null {
  if (v === undefined || v === '') return f.required && !f.default ? `请填写${f.label}` : null;
  switch (f.type) {
    case 'id_number': {
      const r = validateIdNumber(v);
      return r.ok ? null : `${f.label}：${r.failure.message}`;
    }
    case 'phone':
      return /^1\d{10}$/.test(v) ? null : `${f.label}应为 11 位手机号码`;
    case 'region':
      return /^14\d{4}$/.test(v) && findRegion(v) ? null : `${f.label}应为山西省内的行政区划代码`;
    case 'enum':
      return f.options?.some((o) => o.value === v)
        ? null
        : `${f.label}应为：${f.options?.map((o) => o.label).join('、')}`;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : `${f.label}应为日期 YYYY-MM-DD`;
    case 'text':
      return v.length <= 100 ? null : `${f.label}不超过 100 字`;
  }
}

/** Validates the merged form against the bundle's fields; every problem at once. */
export function validateBundleForm(bundle: Bundle, form: BundleForm): BundleForm {
  const fields = bundle.form.flatMap((s) => s.fields);
  const problems: { field: string; message: string }[] = [];
  for (const key of Object.keys(form))
    if (!fields.some((f) => f.id === key)) problems.push({ field: key, message: `表单没有字段 ${key}` });
  const clean: BundleForm = {};
  for (const f of fields) {
    const raw = form[f.id];
    const trimmed = typeof raw === 'string' ? raw.trim() : undefined;
    // People type the check character of an ID number as a lower-case x.
    const v = f.type === 'id_number' ? trimmed?.replace(/x$/, 'X') : trimmed;
    const problem = fieldProblem(f, v);
    if (problem) problems.push({ field: f.id, message: problem });
    else if (v) clean[f.id] = v;
  }
  if (problems.length) {
    throw new DomainError('BUNDLE_FORM_INVALID', problems.map((p) => p.message).join('；'), {
      field: problems[0]!.field,
      problems,
    });
  }
  return clean;
}

/** What the registries said, with the evidence references kept on the bundle. */
interface Gathered {
  facts: EligibilityFacts;
  evidence: Record<string, string>;
}

/**
 * Reads the registries for a pre-check or submission by `applicantId` (one of the two parents named in the
 * form). Only a birth record naming the applicant as a parent is used, and the other parent's registry
 * data (identity, household, marriage) is read only when that record names both parents as in the form:
 * nobody learns a stranger's births, address or marriage by typing their ID number.
 */
async function gatherFacts(ctx: CommandContext, form: BundleForm, applicantId: string): Promise<Gathered> {
  const r = ctx.registries;
  const motherId = form.motherIdNumber ?? '';
  const fatherId = form.fatherIdNumber ?? null;
  const mine = (await r.birthRecordsOfMother(motherId, form.birthRecordNumber)).filter(
    (b) => b.motherIdNumber === applicantId || b.fatherIdNumber === applicantId,
  );
  const birth = mine[0] ?? null;
  const linked = !!birth && birth.motherIdNumber === motherId && birth.fatherIdNumber === fatherId;
  const [mother, father] = await Promise.all([
    applicantId === motherId || linked ? r.person(motherId) : Promise.resolve(null),
    fatherId && (applicantId === fatherId || linked) ? r.person(fatherId) : Promise.resolve(null),
  ]);
  const marriage = linked && fatherId ? await r.marriageOf(motherId, fatherId) : null;
  const settleWith = form.settleWith === 'mother' ? 'mother' : 'father';
  const settler = settleWith === 'father' ? father : mother;
  const settleHousehold = settler ? await r.household(settler.householdId) : null;
  const evidence: Record<string, string> = {
    identity_registry: `identity_registry#${[mother, father]
      .filter(Boolean)
      .map((p) => maskText(p!.idNumber))
      .join(',')}`,
  };
  if (birth) evidence.birth_records = `birth_records#${birth.recordNumber}@${birth.institution.code}`;
  if (settleHousehold) evidence.household_register = `household_register#${settleHousehold.id}`;
  if (marriage) evidence.marriage_registry = `marriage_registry#${marriage.registeredOn}`;
  return { facts: { birth, mother, father, marriage, settleWith, settleHousehold }, evidence };
}

/** The answer of a pre-check: eligibility, what was read, and where each part would be handled. */
export interface BundlePrecheck extends EligibilityResult {
  birth: { recordNumber: string; birthDate: string; gender: string; institution: string } | null;
  household: string | null;
  parts: { matter: string; name: string; regionCode: string | null; department: string | null }[];
}

function partRegion(part: Bundle['parts'][number], form: BundleForm, facts: EligibilityFacts): string | null {
  const chosen = typeof part.regionFrom === 'object' ? form[part.regionFrom.field] : undefined;
  return chosen ?? facts.settleHousehold?.regionCode ?? null;
}

/**
 * Registry checks one account may make in an hour: pre-checks and refused applications (each reads the
 * registries about a family and answers with what they hold). Counted from their audit rows: a soft limit
 * (checks racing each other may pass it by a few).
 */
export const REGISTRY_CHECKS_PER_HOUR = 20;
const HOUR = 3_600_000;
const REGISTRY_CHECKS = ['bundle.precheck', 'bundle.refused'];

/** PRECHECK_THROTTLED when the account has used its registry checks of the last hour, else null. */
async function registryCheckLimit(ctx: CommandContext): Promise<DomainError | null> {
  if (!ctx.actor.id) return null;
  const now = ctx.clock.now();
  const recent = await recentAuditOfActor(
    ctx.db,
    ctx.actor.id,
    REGISTRY_CHECKS,
    new Date(now.getTime() - HOUR),
    now,
  );
  if (recent.count < REGISTRY_CHECKS_PER_HOUR) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil((recent.oldest!.getTime() + HOUR - now.getTime()) / 1000));
  return new DomainError(
    'PRECHECK_THROTTLED',
    `一小时内最多核验 ${REGISTRY_CHECKS_PER_HOUR} 次（预检和未通过的申请），请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
    { limit: REGISTRY_CHECKS_PER_HOUR, retryAfterSeconds },
  );
}

/** Pre-checks a bundle application; writes nothing but its audit row. */
export async function precheckBundle(
  ctx: CommandContext,
  code: string,
  rawForm: BundleForm,
): Promise<BundlePrecheck> {
  const bundle = bundleOf(ctx, code);
  const form = validateBundleForm(bundle, rawForm);
  const throttled = await registryCheckLimit(ctx);
  if (throttled) throw throttled;
  const { precheck, applicant } = await assess(ctx, bundle, form);
  // A pre-check reads other agencies' registries about the family: it is audited like any read of a person.
  await ctx.db.transaction().execute((trx) =>
    appendAudit(
      trx,
      auditEntry(
        ctx,
        'bundle.precheck',
        { type: 'bundle', id: null, regionCode: applicant.region_code },
        {
          bundle: bundle.code,
          birthFound: precheck.birth !== null,
          eligible: precheck.eligible,
        },
      ),
    ),
  );
  return precheck;
}

async function assess(ctx: CommandContext, bundle: Bundle, form: BundleForm) {
  authorizeOrThrow(ctx.actor, 'bundle.apply', { type: 'bundle' });
  const applicant = await actingAccount(ctx, ctx.db);
  if (!applicant) throw new DomainError('UNAUTHENTICATED', '请先登录', {});
  if (applicant.login_name !== form.motherIdNumber && applicant.login_name !== form.fatherIdNumber) {
    throw new DomainError(
      'BUNDLE_NOT_PARENT',
      '只有新生儿的父亲或母亲可以申请（本人身份号码须为父亲或母亲之一）',
      {
        field: 'motherIdNumber',
      },
    );
  }
  const gathered = await gatherFacts(ctx, form, applicant.login_name);
  const result = checkEligibility(bundle, gathered.facts, shanghaiDate(ctx.clock.now()));
  const departments = await ctx.departments.list();
  const parts = [];
  for (const part of bundle.parts) {
    const m = matterOf(ctx, part.matter);
    const region = partRegion(part, form, gathered.facts);
    const dept = region ? await routeToDepartment(ctx, m, region).catch(() => null) : null;
    parts.push({
      matter: m.code,
      name: m.name,
      regionCode: region,
      department: dept ? (departments.find((d) => d.code === dept.code)?.name ?? dept.code) : null,
      route: dept,
    });
  }
  const b = gathered.facts.birth;
  const precheck: BundlePrecheck = {
    ...result,
    birth: b
      ? {
          recordNumber: b.recordNumber,
          birthDate: b.birthDate,
          gender: b.gender === 'female' ? '女' : '男',
          institution: b.institution.name,
        }
      : null,
    household: gathered.facts.settleHousehold?.address ?? null,
    parts: parts.map(({ route: _r, ...p }) => p),
  };
  return { applicant, gathered, precheck, parts };
}

/** Input of a bundle submission. */
export interface SubmitBundleInput {
  form: BundleForm;
  /** Parts the parents leave out to do singly (only optional parts). */
  exclude?: string[];
  idempotencyKey?: string;
}

/** A submission that passed every check, waiting to be written (everything but its numbers). */
interface PendingBundle {
  ctx: CommandContext;
  bundle: Bundle;
  form: BundleForm;
  applicantId: string;
  applicantName: string;
  gathered: Gathered;
  precheck: BundlePrecheck;
  chosen: (Awaited<ReturnType<typeof assess>>['parts'][number] & { route: RoutedDepartment })[];
  coordinator: RoutedDepartment;
  regionCode: string;
  phone: string | null;
  idempotencyKey: string | null;
  now: Date;
}

/** A submission's bundle: written now, or the one its key already names. */
type WrittenBundle = { bundleNumber: string; created: boolean };

type RoutedDepartment = NonNullable<Awaited<ReturnType<typeof assess>>['parts'][number]['route']>;

/** One group-commit writer per database (see GroupCommit): concurrent submissions share a transaction. */
const writers = new WeakMap<Kysely<Database>, GroupCommit<PendingBundle, WrittenBundle | null>>();
function bundleWriter(db: Kysely<Database>): GroupCommit<PendingBundle, WrittenBundle | null> {
  let w = writers.get(db);
  if (!w) {
    w = new GroupCommit((items) => writeBundles(db, items));
    writers.set(db, w);
  }
  return w;
}

/** How this database's submissions were grouped into transactions so far (tests, measurements). */
export function bundleWriterStats(
  db: Kysely<Database>,
): GroupCommit<PendingBundle, string | null>['stats'] | undefined {
  return writers.get(db)?.stats;
}

/**
 * Submits a bundle; returns the bundle number (the existing one for a repeated key). No per-applicant
 * submission limit as for cases (SUBMISSION_LIMITS in cases.ts): one bundle per birth record (the unique
 * bundle_birth_idx, BUNDLE_EXISTS) already bounds what a parent can file.
 */
export async function submitBundle(
  ctx: CommandContext,
  code: string,
  input: SubmitBundleInput,
): Promise<{ bundleNumber: string; created: boolean }> {
  let pending: PendingBundle;
  try {
    pending = await prepareSubmission(ctx, code, input);
  } catch (e) {
    // A repeated request is answered with what the first one made, even where it would not pass now
    // (e.g. the 90 days have run out since). The usual repeat passes and is found with its batch.
    const first =
      input.idempotencyKey && ctx.actor.id
        ? await findBundleByIdempotencyKey(ctx.db, ctx.actor.id, input.idempotencyKey)
        : undefined;
    if (first) return { bundleNumber: first.bundle_number, created: false };
    // A refusal tells what the registries hold (which condition failed): audited and limited like a
    // pre-check. Past the limit the answer is only that (the same check is not repeated for free).
    if (isDomainError(e) && ctx.actor.id) {
      const throttled = await registryCheckLimit(ctx);
      await ctx.db
        .transaction()
        .execute((trx) =>
          appendAudit(
            trx,
            auditEntry(
              ctx,
              'bundle.refused',
              { type: 'bundle', id: null, regionCode: ctx.account?.region_code ?? null },
              { bundle: code, code: (throttled ?? e).code },
            ),
          ),
        );
      throw throttled ?? e;
    }
    throw e;
  }
  const written = await bundleWriter(ctx.db).submit(pending);
  if (written) return written;
  // Not written: a submission with the same key, or for the same birth, was written first.
  const retried = input.idempotencyKey
    ? await findBundleByIdempotencyKey(ctx.db, pending.applicantId, input.idempotencyKey)
    : undefined;
  if (retried) return { bundleNumber: retried.bundle_number, created: false };
  const same = await findBundleOfBirth(
    ctx.db,
    pending.bundle.code,
    pending.gathered.facts.birth!.recordNumber,
  );
  if (same) {
    throw new DomainError('BUNDLE_EXISTS', `该新生儿已申请联办（${same.bundle_number}），请查看办理进度`, {
      bundleNumber: same.bundle_number,
    });
  }
  throw new Error('bundle neither written nor found');
}

/** Checks a submission (form, eligibility, parts, departments): everything but writing it. */
async function prepareSubmission(
  ctx: CommandContext,
  code: string,
  input: SubmitBundleInput,
): Promise<PendingBundle> {
  const bundle = bundleOf(ctx, code);
  const form = validateBundleForm(bundle, input.form);
  const { applicant, gathered, precheck, parts } = await assess(ctx, bundle, form);
  if (!precheck.eligible) {
    throw new DomainError('BUNDLE_NOT_ELIGIBLE', '不符合联办条件，请按提示改为单个事项办理', {
      failed: precheck.conditions.filter((c) => !c.passed),
    });
  }
  for (const id of input.exclude ?? []) {
    const part = bundle.parts.find((p) => p.matter === id);
    if (!part?.optional)
      throw new DomainError('BUNDLE_PART_INVALID', `不能从联办中去掉 ${id}`, { field: 'exclude', id });
  }
  const chosen = parts.filter((p) => !input.exclude?.includes(p.matter));
  if (chosen.length === 0)
    throw new DomainError('BUNDLE_PART_INVALID', '至少选择一个联办事项', { field: 'exclude' });
  const routed = chosen.map((p) => {
    if (!p.route)
      throw new DomainError('DEPARTMENT_NOT_FOUND', `「${p.name}」在所选区划没有办理部门`, {
        matter: p.matter,
      });
    return { ...p, route: p.route };
  });
  const regionCode = gathered.facts.settleHousehold!.regionCode;
  const coordinator = await routeToDepartment(
    ctx,
    { code: bundle.code, name: bundle.name, department: { agency: bundle.coordinator } },
    regionCode,
  );
  return {
    ctx,
    bundle,
    form,
    applicantId: applicant.id,
    applicantName: applicant.display_name,
    gathered,
    precheck,
    chosen: routed,
    coordinator,
    regionCode,
    phone: form.phone ?? applicant.phone ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    now: ctx.clock.now(),
  };
}

/**
 * Writes submissions in one transaction: each bundle parent with its evidence, one sub-case per part in
 * its agency's inbox (its first event; the clock starts when the agency accepts), the parts, one outbox
 * message per part for the agency's system and an SMS to the parents, and the audit rows. The numbers are
 * reserved first, outside the transaction (so no counter row stays locked while we write). A submission
 * whose key was used before gets that bundle; one whose parent is not inserted (same key or same birth as
 * one being written) gets null and nothing else of it is written.
 */
async function writeBundles(db: Kysely<Database>, all: PendingBundle[]): Promise<(WrittenBundle | null)[]> {
  // Repeats of submissions already written (same applicant and key) are answered with those: one read.
  const keyed = all.flatMap((p) =>
    p.idempotencyKey ? [{ applicantId: p.applicantId, key: p.idempotencyKey }] : [],
  );
  const filed = new Map(
    (await findBundlesByIdempotencyKeys(db, keyed)).map((r) => [
      `${r.applicant_id}/${r.idempotency_key}`,
      r.bundle_number,
    ]),
  );
  const filedAs = (p: PendingBundle) =>
    p.idempotencyKey ? filed.get(`${p.applicantId}/${p.idempotencyKey}`) : undefined;
  // Sorted by birth record: two groups written at once insert conflicting parents in the same order, so
  // one waits for the other instead of both waiting in a cycle.
  const items = all
    .filter((p) => filedAs(p) === undefined)
    .sort((a, b) =>
      (a.gathered.facts.birth!.recordNumber + a.applicantId).localeCompare(
        b.gathered.facts.birth!.recordNumber + b.applicantId,
      ),
    );
  const answer = (written: Map<PendingBundle, string>) =>
    all.map((p): WrittenBundle | null => {
      const first = filedAs(p);
      if (first) return { bundleNumber: first, created: false };
      const n = written.get(p);
      return n ? { bundleNumber: n, created: true } : null;
    });
  if (!items.length) return answer(new Map());
  const bundlePrefixOf = (p: PendingBundle) => `B${caseNumberPrefix(p.coordinator.regionCode, p.now)}`;
  const counts = new Map<string, number>();
  const count = (prefix: string) => counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  for (const p of items) {
    count(bundlePrefixOf(p));
    for (const part of p.chosen) count(caseNumberPrefix(part.route.regionCode, p.now));
  }
  const reserved = await reserveCaseNumbersFor(db, counts);
  const take = (prefix: string) => reserved.get(prefix)!.shift()!;
  const prepared = items.map((p) => {
    const bundleNumber = take(bundlePrefixOf(p));
    const fields = p.bundle.form.flatMap((s) => s.fields);
    const subCases = p.chosen.map((part) => {
      const caseNumber = take(caseNumberPrefix(part.route.regionCode, p.now));
      const matter = matterOf(p.ctx, part.matter);
      const materials: MaterialEntry[] = matter.materials.map((m) =>
        m.source === 'applicant'
          ? { id: m.id, via: 'applicant' as const }
          : p.gathered.evidence[m.sourceRef ?? '']
            ? { id: m.id, via: 'shared' as const, evidence: p.gathered.evidence[m.sourceRef!] }
            : { id: m.id, via: 'agency' as const, evidence: `bundle#${bundleNumber}` },
      );
      const partForm = Object.fromEntries(
        fields
          .filter((f) => f.usedBy.includes(part.matter) && p.form[f.id])
          .map((f) => [f.id, p.form[f.id]!]),
      );
      const first = decide(
        matter,
        { events: [] },
        {
          action: matter.workflow.actions.find((a) => a.kind === 'submit')!.id,
          actor: { id: p.applicantId, role: 'applicant', name: p.applicantName },
          at: p.now,
          materials,
          data: { bundle: bundleNumber, form: partForm },
        },
      );
      const view = caseView(matter, { events: [first] }, p.ctx.calendar.current, p.now);
      return { part, matter, first, view, caseNumber };
    });
    return { p, bundleNumber, subCases };
  });
  return db.transaction().execute(async (trx) => {
    // The parents first: a submission whose key or birth is already taken stops here, before anything else.
    const inserted = await insertBundles(
      trx,
      prepared.map(({ p, bundleNumber }) => ({
        bundleNumber,
        birthRecord: p.gathered.facts.birth!.recordNumber,
        code: p.bundle.code,
        version: p.bundle.version,
        applicantId: p.applicantId,
        regionCode: p.regionCode,
        departmentCode: p.coordinator.code,
        form: p.form,
        eligibility: { ...p.precheck, evidence: p.gathered.evidence },
        idempotencyKey: p.idempotencyKey,
        now: p.now,
      })),
    );
    const won = prepared.filter((w) => inserted.has(w.bundleNumber));
    await insertCases(
      trx,
      won.flatMap(({ p, subCases }) =>
        subCases.map((c) => ({
          caseNumber: c.caseNumber,
          matter: { code: c.matter.code, version: c.matter.version },
          applicantId: p.applicantId,
          regionCode: c.part.regionCode!,
          departmentCode: c.part.route.code,
          first: c.first,
          summary: summaryOf(c.view),
          idempotencyKey: null,
          now: p.now,
        })),
      ),
    );
    await insertBundleParts(
      trx,
      won.flatMap(({ p, bundleNumber, subCases }) =>
        subCases.map((c) => ({
          bundleNumber,
          matterCode: c.matter.code,
          caseNumber: c.caseNumber,
          status: 'dispatching',
          now: p.now,
        })),
      ),
    );
    for (const { p, subCases } of won) {
      for (const c of subCases) {
        // A sub-case's first event plans nothing and texts nobody (its clock starts when the agency accepts).
        await afterEvent(trx, p.ctx, {
          caseNumber: c.caseNumber,
          regionCode: c.part.regionCode!,
          departmentCode: c.part.route.code,
          applicantPhone: null,
          matter: c.matter,
          record: { events: [c.first] },
          event: c.first,
          view: c.view,
        });
      }
    }
    await enqueueNotifications(
      trx,
      won.flatMap(({ p, bundleNumber, subCases }) => [
        ...subCases.map((c) => ({
          channel: 'agency',
          recipient: c.part.route.code,
          // Only the reference: the payload (with the parents' ID numbers) is built from the sub-case at delivery.
          body: JSON.stringify({ caseNumber: c.caseNumber }),
          ref: c.caseNumber,
          at: p.now,
        })),
        ...(p.phone
          ? [
              {
                channel: 'sms',
                recipient: p.phone,
                body: `【人社一网通办】您的${p.bundle.name}申请已提交（${bundleNumber}），${subCases.length} 个事项已推送各部门办理，可在“我的联办”查看进度。`,
                ref: bundleNumber,
                at: p.now,
              },
            ]
          : []),
      ]),
    );
    // The audit rows last: their chain heads stay locked only until the commit that follows.
    await appendAudits(
      trx,
      won.map(({ p, bundleNumber }) =>
        auditEntry(
          p.ctx,
          'bundle.create',
          { type: 'bundle', id: bundleNumber, regionCode: p.regionCode },
          { bundle: p.bundle.code, parts: p.chosen.map((c) => c.matter) },
        ),
      ),
    );
    return answer(new Map(won.map((w) => [w.p, w.bundleNumber])));
  });
}

/**
 * After any event of a sub-case (inside its transaction): the part's status and result follow the
 * sub-case, the bundle's status follows its parts, and the parents get an SMS when the bundle completes.
 */
export async function onSubCaseEvent(
  trx: Kysely<Database>,
  ctx: Pick<CommandContext, 'clock' | 'matters'>,
  caseNumber: string,
  view: ReturnType<typeof caseView>,
): Promise<void> {
  const part = await findPartByCase(trx, caseNumber);
  if (!part) return;
  const now = ctx.clock.now();
  // Lock the parent first: two agencies finishing the last two parts at once must not both read the
  // other part as still open (the second waits here and then sees both done).
  const row = (await lockBundle(trx, part.bundle_number))!;
  await updateBundlePart(trx, caseNumber, {
    status: partStatus(view, part.delivery),
    ...(view.result ? { result: view.result } : {}),
    now,
  });
  const parts = await listBundleParts(trx, part.bundle_number);
  const status = bundleStatus(parts.map((p) => ({ status: p.status as BundlePartView['status'] })));
  if (status !== row.status) {
    await setBundleStatus(trx, row.bundle_number, status, now);
    const form = row.form as BundleForm;
    const bundle = bundleOf(ctx, row.bundle_code, row.bundle_version);
    if ((status === 'completed' || status === 'completed_with_exceptions') && form.phone) {
      await enqueueNotification(trx, {
        channel: 'sms',
        recipient: form.phone,
        body: `【人社一网通办】您的${bundle.name}（${row.bundle_number}）已全部办结${status === 'completed' ? '' : '（部分事项未通过，请查看原因）'}，办理结果可在“我的联办”查看。`,
        ref: row.bundle_number,
        at: now,
      });
    }
  }
}

/**
 * Records an agency system's answer for a sub-case (from the dispatcher or a callback): accepted → the
 * system accepts the sub-case (its clock starts); rejected → 不予受理 with the agency's reason; pending →
 * only the delivery is noted. A repeated answer for a part already answered changes nothing.
 */
export async function applyAgencyAnswer(
  trx: Kysely<Database>,
  ctx: CommandContext,
  caseNumber: string,
  answer: AgencyAnswer,
): Promise<void> {
  // Locked: the dispatcher and a callback answering for the same part at once apply it once.
  const part = await findPartByCase(trx, caseNumber, { forUpdate: true });
  const row = await findCaseFile(trx, caseNumber);
  if (!part || !row) throw new DomainError('CASE_NOT_FOUND', `没有联办子件 ${caseNumber}`, { caseNumber });
  if (part.delivery === 'confirmed' || part.delivery === 'rejected') return;
  const now = ctx.clock.now();
  if (answer.status === 'pending') {
    await updateBundlePart(trx, caseNumber, { agencyRef: answer.ref, now });
    return;
  }
  await updateBundlePart(trx, caseNumber, {
    delivery: answer.status === 'accepted' ? 'confirmed' : 'rejected',
    agencyRef: answer.ref,
    now,
  });
  const record = await loadCaseRecord(trx, row);
  const matter = matterOf(ctx, record.matter.code, record.matter.version);
  const state = record.events.at(-1)!.to;
  if (state !== 'submitted') return; // staff already acted on it in the inbox
  const kind = answer.status === 'accepted' ? 'accept' : 'reject';
  const action = matter.workflow.actions.find((a) => a.kind === kind && a.roles.includes('system'))!;
  // The dispatcher's answer is the system's; a callback names the account that sent it for the agency.
  const sender =
    ctx.actor.kind === 'system' ? undefined : await eventActor(ctx, trx, record, matter, action.id);
  const event: CaseEvent = decide(matter, record, {
    action: action.id,
    actor: sender
      ? {
          ...sender,
          role: 'system',
          name: `部门业务系统回执（${answer.ref}），经办 ${sender.name ?? sender.id}`,
        }
      : { id: 'system', role: 'system', name: `部门业务系统（${answer.ref}）` },
    at: now,
    ...(answer.status === 'rejected' ? { opinion: answer.reason } : {}),
    data: { agencyRef: answer.ref },
  });
  await commitEvent(trx, ctx, row, record, matter, event);
}

/** The parents' view of a bundle. */
export async function readBundle(ctx: CommandContext, row: BundleRow) {
  const bundle = bundleOf(ctx, row.bundle_code, row.bundle_version);
  const parts = await listBundleParts(ctx.db, row.bundle_number);
  const departments = await ctx.departments.list();
  const now = ctx.clock.now();
  // The parents see the results as issued; staff following the bundle see identity numbers masked (each
  // agency sees its own result unmasked on its case).
  const ownView = ctx.actor.id === row.applicant_id;
  const views: BundlePartView[] = [];
  const timeline: {
    at: string;
    matter: string;
    matterName: string;
    actionLabel: string;
    stateLabel: string;
    handler?: string;
    opinion?: string;
  }[] = [];
  for (const p of parts) {
    const caseRow = (await findCaseFile(ctx.db, p.case_number))!;
    const record = await loadCaseRecord(ctx.db, caseRow);
    const matter = matterOf(ctx, record.matter.code, record.matter.version);
    const view = caseView(matter, record, ctx.calendar.current, now);
    const dept = departments.find((d) => d.code === caseRow.department_code);
    views.push({
      matter: matter.code,
      matterName: matter.name,
      caseNumber: p.case_number,
      delivery: p.delivery,
      status: partStatus(view, p.delivery),
      stateLabel: view.stateLabel,
      ...(view.result
        ? { result: ownView ? view.result : view.result.map((r) => ({ ...r, value: maskText(r.value) })) }
        : {}),
      deadline: view.clock?.deadline ?? null,
      deadlineProvisional: (view.clock?.provisionalYears.length ?? 0) > 0,
      ...(dept ? { handler: dept.name } : {}),
    });
    for (const t of view.timeline) {
      timeline.push({
        at: t.start.toISOString(),
        matter: matter.code,
        matterName: matter.name,
        actionLabel: t.actionLabel,
        stateLabel: t.stateLabel,
        ...(t.actor.unit ? { handler: t.actor.unit } : dept ? { handler: dept.name } : {}),
        ...(t.opinion ? { opinion: t.opinion } : {}),
      });
    }
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  await ctx.db.transaction().execute((trx) =>
    appendAudit(
      trx,
      auditEntry(ctx, 'bundle.read', {
        type: 'bundle',
        id: row.bundle_number,
        regionCode: row.region_code,
      }),
    ),
  );
  const elig = row.eligibility as BundlePrecheck & { evidence: Record<string, string> };
  return {
    bundleNumber: row.bundle_number,
    code: bundle.code,
    name: bundle.name,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    birth: elig.birth,
    household: elig.household,
    evidence: Object.values(elig.evidence ?? {}),
    parts: views,
    timeline,
  };
}

/** Takes a part out of the bundle (the parents will do it singly): the sub-case is withdrawn. */
export async function takeOutPart(ctx: CommandContext, row: BundleRow, matterCode: string): Promise<void> {
  authorizeOrThrow(ctx.actor, 'bundle.act', {
    type: 'bundle',
    id: row.bundle_number,
    ownerId: row.applicant_id,
  });
  const bundle = bundleOf(ctx, row.bundle_code, row.bundle_version);
  const def = bundle.parts.find((p) => p.matter === matterCode);
  const part = (await listBundleParts(ctx.db, row.bundle_number)).find((p) => p.matter_code === matterCode);
  if (!def || !part)
    throw new DomainError('BUNDLE_PART_NOT_FOUND', `本联办没有事项 ${matterCode}`, { matterCode });
  if (!def.optional) throw new DomainError('BUNDLE_PART_INVALID', '该事项不能单独办理', { matterCode });
  const parts = await listBundleParts(ctx.db, row.bundle_number);
  if (parts.every((p) => p.case_number === part.case_number || p.status === 'taken_out')) {
    throw new DomainError(
      'BUNDLE_PART_LAST',
      '这是联办中最后一个事项：如不再联办，请在该事项的办件页撤回申请（联办随之撤回）',
      {
        matterCode,
      },
    );
  }
  const caseRow = (await findCaseFile(ctx.db, part.case_number))!;
  const record = await loadCaseRecord(ctx.db, caseRow);
  const matter = matterOf(ctx, record.matter.code, record.matter.version);
  const withdraw = matter.workflow.actions.find((a) => a.kind === 'withdraw')!;
  if (caseRow.terminal || !withdraw.from.includes(record.events.at(-1)!.to)) {
    throw new DomainError('BUNDLE_PART_FINISHED', `「${matter.name}」已办结，不能改为单独办理`, {
      matterCode,
    });
  }
  const event = decide(matter, record, {
    action: withdraw.id,
    actor: { id: ctx.actor.id!, role: 'applicant' },
    at: ctx.clock.now(),
    opinion: '申请人改为单独办理',
  });
  await ctx.db
    .transaction()
    .execute((trx) => commitEvent(trx, { ...ctx, db: trx }, caseRow, record, matter, event));
}

/** Parts of a stored bundle whose agency has not answered yet (for supervision). */
export function undelivered(parts: BundlePartRow[]): BundlePartRow[] {
  return parts.filter((p) => p.delivery === 'pending' || p.delivery === 'failed');
}

/** What an agency system receives for a sub-case, built from the sub-case's first event (the part's form). */
export async function agencyDelivery(db: Kysely<Database>, caseNumber: string): Promise<AgencyDelivery> {
  const row = await findCaseFile(db, caseNumber);
  if (!row) throw new DomainError('CASE_NOT_FOUND', `没有联办子件 ${caseNumber}`, { caseNumber });
  const first = (await loadCaseRecord(db, row)).events[0]!;
  const data = (first.data ?? {}) as { bundle?: string; form?: Record<string, string> };
  return { caseNumber, matter: row.matter_code, bundleNumber: data.bundle ?? '', form: data.form ?? {} };
}
