/** 办事指南、申请、办件、待办、进度查询. Thin: validate, declare the action and resource, call a command. */
import { provisionalNote } from '@renshe/cases/clock/legal-clock.ts';
import type { CaseRecord } from '@renshe/cases/engine/case-record.ts';
import type { CaseView } from '@renshe/cases/engine/case-view.ts';
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import {
  type CaseTaskRow,
  listCasesOfApplicant,
  listInbox,
  listOpenTasks,
  listTasksOfCase,
  supervisionSummary,
} from '@renshe/db';
import { maskText } from '@renshe/domain/privacy/mask.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseNoticePdf } from '../commands/case-notice.ts';
import { actOnCase, caseResource, matterOf, readCase, submitCase } from '../commands/cases.ts';
import { lookUpProgress } from '../commands/progress-lookup.ts';
import { rateCase } from '../commands/rating.ts';
import { closeTask, TASK_OUTCOMES } from '../commands/tasks.ts';
import { commandContext } from './request-context.ts';
import { errorResponses, PageQuery, pageOf } from './schemas.ts';

/** The clock states of the case summary (`summaryOf`): a legal clock's state, or no clock for want of a calendar year. */
const INBOX_CLOCK_STATES = ['not_started', 'running', 'paused', 'stopped', 'calendar_missing'] as const;
type InboxClockState = (typeof INBOX_CLOCK_STATES)[number];

const ClockView = z.object({
  state: z.string(),
  startDate: z.string().nullable(),
  deadline: z.string().nullable(),
  limit: z.string().describe('如「60日」「10个工作日」'),
  usedUnits: z.number(),
  remainingUnits: z.number(),
  totalPausedUnits: z.number(),
  warning: z.boolean(),
  overdue: z.boolean(),
  provisional: z.boolean().describe('期限为预计：所跨年份的放假通知尚未导入'),
  provisionalNote: z.string().optional().describe('为何是预计'),
});

const TASK_LABELS: Record<CaseTaskRow['kind'], string> = {
  rating_follow_up: '差评整改回访',
  commitment_verification: '告知承诺事后核查',
};

const TaskSchema = z.object({
  caseNumber: z.string(),
  kind: z.enum(['rating_follow_up', 'commitment_verification']),
  label: z.string(),
  openedAt: z.string(),
  dueAt: z.string().describe('期限届满时刻（上海时间次日零点）'),
  dueProvisional: z.boolean().describe('期限为预计（放假通知尚未导入）'),
  closedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
});

const taskDto = (t: CaseTaskRow, now: Date) => ({
  caseNumber: t.case_number,
  kind: t.kind,
  label: TASK_LABELS[t.kind],
  openedAt: t.opened_at.toISOString(),
  dueAt: t.due_at.toISOString(),
  dueProvisional: t.due_provisional,
  closedAt: t.closed_at?.toISOString() ?? null,
  outcome: t.outcome,
  note: t.note,
  overdue: (t.closed_at ?? now) >= t.due_at,
});

const CaseViewSchema = z.object({
  caseNumber: z.string(),
  matter: z.object({ code: z.string(), version: z.number(), name: z.string() }),
  state: z.string(),
  stateLabel: z.string(),
  terminal: z.boolean(),
  clock: ClockView.nullable(),
  clockProblem: z.string().optional().describe('时限无法计算的原因（如所需年度工作日历尚未导入）'),
  stageClock: ClockView.optional(),
  outcome: z.object({ id: z.string(), label: z.string() }).optional(),
  result: z
    .array(z.object({ id: z.string(), label: z.string(), value: z.string() }))
    .optional()
    .describe('办理结果（证照编号等）'),
  oneTimeNotice: z
    .object({ at: z.string(), missing: z.array(z.object({ id: z.string(), name: z.string() })) })
    .optional(),
  materials: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      required: z.boolean(),
      status: z.string(),
      via: z.string().optional(),
      evidence: z.string().optional(),
    }),
  ),
  timeline: z.array(
    z.object({
      seq: z.number(),
      actionLabel: z.string(),
      stateLabel: z.string(),
      start: z.string(),
      end: z.string().optional(),
      handler: z.string().optional().describe('经办单位'),
      opinion: z.string().optional(),
      pause: z.object({ reason: z.string(), basis: z.string() }).optional(),
    }),
  ),
  actions: z
    .array(z.object({ id: z.string(), label: z.string(), kind: z.string() }))
    .describe('当前可办理的动作'),
  commitment: z
    .object({
      text: z.string(),
      signedBy: z.string(),
      signedAt: z.string(),
      materials: z.array(z.object({ id: z.string(), name: z.string() })),
    })
    .optional()
    .describe('告知承诺：签署的承诺书'),
  tasks: z.array(TaskSchema).describe('跟进任务：差评整改、告知承诺核查'),
});

const limitText = (l: { amount: number; unit: string }) =>
  `${l.amount}${l.unit === 'working_days' ? '个工作日' : '日'}`;
const clockDto = (c: NonNullable<CaseView['clock']>) => ({
  state: c.state,
  startDate: c.startDate,
  deadline: c.deadline,
  limit: limitText(c.limit),
  usedUnits: c.usedUnits,
  remainingUnits: c.remainingUnits,
  totalPausedUnits: c.totalPausedUnits,
  warning: c.warning,
  overdue: c.overdue,
  provisional: c.provisionalYears.length > 0,
  ...(c.provisionalYears.length ? { provisionalNote: provisionalNote(c) } : {}),
});

function viewDto(
  caseNumber: string,
  matter: Matter,
  record: Pick<CaseRecord, 'events'>,
  view: CaseView,
  roles: readonly string[],
  tasks: { rows: CaseTaskRow[]; now: Date },
) {
  const name = (id: string) => matter.materials.find((m) => m.id === id)?.name ?? id;
  const signed = record.events.find((e) => e.commitment);
  return {
    caseNumber,
    matter: { code: matter.code, version: matter.version, name: matter.name },
    state: view.state,
    stateLabel: view.stateLabel,
    terminal: view.terminal,
    clock: view.clock ? clockDto(view.clock) : null,
    ...(view.clockProblem ? { clockProblem: view.clockProblem } : {}),
    ...(view.stageClock ? { stageClock: clockDto(view.stageClock) } : {}),
    ...(view.outcome ? { outcome: view.outcome } : {}),
    ...(view.result ? { result: view.result } : {}),
    ...(view.oneTimeNotice
      ? {
          oneTimeNotice: {
            at: view.oneTimeNotice.at.toISOString(),
            missing: view.oneTimeNotice.missing.map((id) => ({ id, name: name(id) })),
          },
        }
      : {}),
    materials: view.materials,
    timeline: view.timeline.map((t) => ({
      seq: t.seq,
      actionLabel: t.actionLabel,
      stateLabel: t.stateLabel,
      start: t.start.toISOString(),
      ...(t.end ? { end: t.end.toISOString() } : {}),
      ...(t.actor.unit ? { handler: t.actor.unit } : {}),
      ...(t.opinion ? { opinion: t.opinion } : {}),
      ...(t.pause ? { pause: t.pause } : {}),
    })),
    actions: matter.workflow.actions
      .filter((a) => a.from.includes(view.state) && a.roles.some((r) => roles.includes(r)))
      .map((a) => ({ id: a.id, label: a.label, kind: a.kind })),
    ...(signed?.commitment
      ? {
          commitment: {
            text: signed.commitment.text,
            signedBy: signed.commitment.signedBy,
            signedAt: signed.at.toISOString(),
            materials: signed.commitment.materials.map((id) => ({ id, name: name(id) })),
          },
        }
      : {}),
    tasks: tasks.rows.map((t) => taskDto(t, tasks.now)),
  };
}

/** Most bytes the free `data` of a submission may take as JSON (a real form is a few KB; it is stored with the first event). */
const MAX_SUBMISSION_DATA_BYTES = 32 * 1024;

const caseParams = z.object({ caseNumber: z.string().max(40) });
const loadCase = (app: Parameters<FastifyPluginAsyncZod>[0]) => (req: { params: unknown }) =>
  caseResource(app.deps, (req.params as { caseNumber: string }).caseNumber);

export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/matters',
    {
      config: { action: 'matter.read' },
      schema: {
        tags: ['办件'],
        summary: '事项目录（办事指南）',
        response: {
          200: z.array(
            z.object({
              code: z.string(),
              version: z.number(),
              name: z.string(),
              type: z.string(),
              statutory: z.string(),
              promised: z.string().optional(),
              onSiteVisits: z.number(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async () =>
      [...app.deps.matters.catalogue.keys()].map((code) => {
        const m = matterOf(app.deps, code);
        return {
          code,
          version: m.version,
          name: m.name,
          type: m.type,
          statutory: limitText(m.timeLimits.statutory),
          ...(m.timeLimits.promised ? { promised: limitText(m.timeLimits.promised) } : {}),
          onSiteVisits: m.onSiteVisits,
        };
      }),
  );

  app.get(
    '/api/v1/matters/:code',
    {
      config: { action: 'matter.read' },
      schema: {
        tags: ['办件'],
        summary: '办事指南全文（最新版本）',
        params: z.object({ code: z.string().max(60) }),
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (req) => matterOf(app.deps, req.params.code) as unknown as Record<string, unknown>,
  );

  app.post(
    '/api/v1/cases',
    {
      config: { action: 'case.create' },
      schema: {
        tags: ['办件'],
        summary: '提交申请（可共享获取的材料自动获取；Idempotency-Key 防重复提交）',
        headers: z.object({ 'idempotency-key': z.string().min(8).max(80).optional() }).loose(),
        body: z.object({
          matter: z.string().max(60),
          materials: z.array(z.string().max(60)).max(50).default([]),
          commitments: z.array(z.string().max(60)).max(50).optional(),
          deferred: z.array(z.string().max(60)).max(50).optional(),
          commitment: z
            .object({ signedBy: z.string().min(1).max(60) })
            .optional()
            .describe('告知承诺：申请人签署办事指南载明的承诺书'),
          regionCode: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
          data: z
            .record(z.string().max(60), z.unknown())
            .optional()
            .refine(
              (d) => d === undefined || Buffer.byteLength(JSON.stringify(d)) <= MAX_SUBMISSION_DATA_BYTES,
              {
                message: `申请数据（JSON）不能超过 ${MAX_SUBMISSION_DATA_BYTES / 1024} KB`,
              },
            )
            .describe('申请表填写的数据（JSON 序列化后至多 32 KB）'),
        }),
        response: {
          201: z.object({ caseNumber: z.string(), created: z.boolean() }),
          200: z.object({ caseNumber: z.string(), created: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const r = await submitCase(commandContext(app, req), {
        ...req.body,
        ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
      });
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  app.get(
    '/api/v1/cases',
    {
      config: { action: 'case.list_mine' },
      schema: {
        tags: ['办件'],
        summary: '我的办件（分页，最新的在前）',
        querystring: PageQuery,
        response: {
          200: pageOf(
            z.object({
              caseNumber: z.string(),
              matter: z.string(),
              state: z.string(),
              createdAt: z.string(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { items, total } = await listCasesOfApplicant(app.deps.db, req.actor.id!, req.query);
      return {
        items: items.map((r) => ({
          caseNumber: r.case_number,
          matter: r.matter_code,
          state: r.state,
          createdAt: r.created_at.toISOString(),
        })),
        total,
        ...req.query,
      };
    },
  );

  app.get(
    '/api/v1/cases/:caseNumber',
    {
      config: { action: 'case.read', resource: loadCase(app) },
      schema: {
        tags: ['办件'],
        summary: '办件详情与进度（读取留痕）',
        params: caseParams,
        response: { 200: CaseViewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { row } = await caseResource(app.deps, req.params.caseNumber);
      const { record, view, matter } = await readCase(commandContext(app, req), row);
      const roles = req.actor.id === row.applicant_id ? ['applicant'] : req.actor.roles;
      const rows = await listTasksOfCase(app.deps.db, row.case_number);
      return viewDto(row.case_number, matter, record, view, roles, { rows, now: app.deps.clock.now() });
    },
  );

  app.post(
    '/api/v1/cases/:caseNumber/actions',
    {
      config: { action: 'case.act', resource: loadCase(app) },
      schema: {
        tags: ['办件'],
        summary: '办理动作（受理、一次性告知、补正、中止、决定…）',
        params: caseParams,
        body: z.object({
          action: z.string().max(60),
          opinion: z.string().max(2000).optional(),
          materials: z
            .array(z.object({ id: z.string().max(60), via: z.enum(['applicant', 'commitment', 'deferred']) }))
            .max(50)
            .optional(),
          inadequate: z.array(z.string().max(60)).max(50).optional(),
          outcome: z.string().max(60).optional(),
          pause: z.object({ reason: z.string().max(200) }).optional(),
          data: z
            .record(z.string().max(40), z.string().max(200))
            .optional()
            .describe('办理结果字段（如出生医学证明编号、参保登记号），按事项的 result.fields 校验'),
          expectedSeq: z.number().int().min(0).optional().describe('乐观并发：办理时看到的事件数'),
        }),
        response: { 200: CaseViewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { row } = await caseResource(app.deps, req.params.caseNumber);
      const { record, view } = await actOnCase(commandContext(app, req), row, req.body);
      const matter = matterOf(app.deps, record.matter.code, record.matter.version);
      const roles = req.actor.id === row.applicant_id ? ['applicant'] : req.actor.roles;
      const rows = await listTasksOfCase(app.deps.db, row.case_number);
      return viewDto(row.case_number, matter, record, view, roles, { rows, now: app.deps.clock.now() });
    },
  );

  app.get(
    '/api/v1/cases/:caseNumber/notices/:seq',
    {
      config: { action: 'case.read', resource: loadCase(app) },
      schema: {
        tags: ['办件'],
        summary: '下载文书（PDF）：受理通知书、补正材料通知书、不予受理决定书、结果决定书',
        params: caseParams.extend({ seq: z.coerce.number().int().min(1).max(10_000) }),
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const { row } = await caseResource(app.deps, req.params.caseNumber);
      const { record, matter } = await readCase(commandContext(app, req), row);
      const { pdf, title } = await caseNoticePdf(commandContext(app, req), matter, record, req.params.seq);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename*=UTF-8''${encodeURIComponent(`${row.case_number}-${title}.pdf`)}`,
        )
        .send(pdf);
    },
  );

  app.post(
    '/api/v1/cases/:caseNumber/rating',
    {
      config: { action: 'case.rate', resource: loadCase(app) },
      schema: {
        tags: ['办件'],
        summary: '好差评（办结后一事一评；差评生成整改回访任务）',
        params: caseParams,
        body: z.object({
          score: z
            .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)])
            .describe('5 非常满意 … 1 非常不满意'),
          comment: z.string().max(500).optional(),
          channel: z.enum(['online', 'window']).default('online'),
        }),
        response: { 201: z.object({ followUpDue: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { row } = await caseResource(app.deps, req.params.caseNumber);
      return reply.status(201).send(await rateCase(commandContext(app, req), row, req.body));
    },
  );

  app.post(
    '/api/v1/cases/:caseNumber/rating/follow-up',
    {
      config: { action: 'case.follow_up', resource: loadCase(app) },
      schema: {
        tags: ['办件'],
        summary: '差评整改回访办结',
        params: caseParams,
        body: z.object({ note: z.string().min(1).max(2000) }),
        response: { 200: z.object({ onTime: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const { row } = await caseResource(app.deps, req.params.caseNumber);
      const r = await closeTask(commandContext(app, req), row, 'rating_follow_up', {
        outcome: 'rectified',
        note: req.body.note,
      });
      return { onTime: r.onTime };
    },
  );

  app.post(
    '/api/v1/cases/:caseNumber/verification',
    {
      config: { action: 'case.follow_up', resource: loadCase(app) },
      schema: {
        tags: ['办件'],
        summary: '告知承诺事后核查：承诺属实，或承诺不实（撤销办理结果并出具撤销决定书）',
        params: caseParams,
        body: z.object({
          outcome: z.enum(TASK_OUTCOMES.commitment_verification),
          note: z.string().min(1).max(2000).describe('核查情况'),
        }),
        response: { 200: z.object({ onTime: z.boolean(), revoked: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const { row } = await caseResource(app.deps, req.params.caseNumber);
      return closeTask(commandContext(app, req), row, 'commitment_verification', req.body);
    },
  );

  app.get(
    '/api/v1/tasks',
    {
      config: { action: 'case.inbox' },
      schema: {
        tags: ['办件'],
        summary: '待办跟进任务：本部门、本区划及下级的差评整改与告知承诺核查，按期限排序（分页）',
        querystring: PageQuery,
        response: { 200: pageOf(TaskSchema), ...errorResponses },
      },
    },
    async (req) => {
      const me = req.account;
      if (!me?.department_code || !me.region_code) return { items: [], total: 0, ...req.query };
      const now = app.deps.clock.now();
      const { items, total } = await listOpenTasks(
        app.deps.db,
        me.department_code,
        me.region_code.replace(/(00)+$/, ''),
        req.query,
      );
      return { items: items.map((t) => taskDto(t, now)), total, ...req.query };
    },
  );

  app.get(
    '/api/v1/inbox',
    {
      config: { action: 'case.inbox' },
      schema: {
        tags: ['办件'],
        summary: '待办件：本部门、本区划及下级，按剩余时限排序，标注逾期与临期（分页，含总数）',
        description: '排序：办结期限最近的在前（未起算、暂停计时的在后），再按提交时间、办件编号。',
        querystring: PageQuery,
        response: {
          200: pageOf(
            z.object({
              caseNumber: z.string(),
              matter: z.string(),
              state: z.string(),
              deadlineAt: z.string().nullable(),
              deadlineProvisional: z.boolean().describe('期限为预计（放假通知尚未导入）'),
              clockState: z
                .enum(INBOX_CLOCK_STATES)
                .describe('法定时限的计时状态；calendar_missing：所需年度工作日历缺失，时限暂无法计算'),
              overdue: z.boolean(),
              dueSoon: z.boolean(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const me = req.account;
      if (!me?.department_code || !me.region_code) return { items: [], total: 0, ...req.query };
      const now = app.deps.clock.now().getTime();
      const { items, total } = await listInbox(
        app.deps.db,
        me.department_code,
        me.region_code.replace(/(00)+$/, ''),
        req.query,
      );
      const rows = items.map((r) => ({
        caseNumber: r.case_number,
        matter: matterOf(app.deps, r.matter_code, r.matter_version).name,
        state: r.state,
        deadlineAt: r.deadline_at?.toISOString() ?? null,
        deadlineProvisional: r.deadline_provisional,
        clockState: r.clock_state as InboxClockState,
        overdue: r.deadline_at ? r.deadline_at.getTime() < now : false,
        dueSoon: r.deadline_at
          ? r.deadline_at.getTime() >= now && r.deadline_at.getTime() - now < 3 * 86_400_000
          : false,
      }));
      return { items: rows, total, ...req.query };
    },
  );

  app.get(
    '/api/v1/supervision',
    {
      config: {
        action: 'supervision.read',
        resource: (req) => ({ type: 'supervision', regionCode: (req.query as { region: string }).region }),
      },
      schema: {
        tags: ['办件'],
        summary: '督办统计：按事项、状态统计在办、逾期、临期（3 日内）、办结及按时办结率',
        querystring: z.object({ region: z.string().regex(/^\d{6}$/) }),
        response: {
          200: z.object({
            rows: z.array(
              z.object({
                matter: z.string(),
                state: z.string(),
                open: z.number(),
                overdue: z.number(),
                dueSoon: z.number(),
                closed: z.number(),
                closedOnTime: z.number(),
              }),
            ),
            totals: z.object({
              open: z.number(),
              overdue: z.number(),
              dueSoon: z.number(),
              closed: z.number(),
              closedOnTime: z.number(),
              onTimeRate: z.number().nullable(),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const rows = await supervisionSummary(
        app.deps.db,
        req.query.region.replace(/(00)+$/, ''),
        app.deps.clock.now(),
        3 * 86_400_000,
      );
      const mapped = rows.map((r) => ({
        matter: r.matter_code,
        state: r.state,
        open: r.open,
        overdue: r.overdue,
        dueSoon: r.due_soon,
        closed: r.closed,
        closedOnTime: r.closed_on_time,
      }));
      const sum = (k: 'open' | 'overdue' | 'dueSoon' | 'closed' | 'closedOnTime') =>
        mapped.reduce((a, r) => a + r[k], 0);
      const closed = sum('closed');
      return {
        rows: mapped,
        totals: {
          open: sum('open'),
          overdue: sum('overdue'),
          dueSoon: sum('dueSoon'),
          closed,
          closedOnTime: sum('closedOnTime'),
          onTimeRate: closed ? sum('closedOnTime') / closed : null,
        },
      };
    },
  );

  app.get(
    '/api/v1/progress',
    {
      config: { action: 'case.progress' },
      schema: {
        tags: ['办件'],
        summary: '公开进度查询：办件编号 + 申请人证件号码（限频；结果脱敏；每次查询留痕）',
        querystring: z.object({ caseNumber: z.string().max(40), idNumber: z.string().max(32) }),
        response: {
          200: CaseViewSchema.omit({ materials: true, actions: true, commitment: true, tasks: true }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { record, view, matter } = await lookUpProgress(commandContext(app, req), req.query, req.ip);
      const {
        materials: _m,
        actions: _a,
        commitment: _c,
        tasks: _t,
        ...dto
      } = viewDto(record.caseNumber, matter, record, view, [], { rows: [], now: app.deps.clock.now() });
      // The public sees where the case is, never a person's identifiers in full.
      return {
        ...dto,
        ...(dto.result ? { result: dto.result.map((r) => ({ ...r, value: maskText(r.value) })) } : {}),
        timeline: dto.timeline.map((t) => ({ ...t, ...(t.opinion ? { opinion: maskText(t.opinion) } : {}) })),
      };
    },
  );
};
