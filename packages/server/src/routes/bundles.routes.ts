/** 一件事（联办）: guide, eligibility pre-check, submission, the parents' progress, take-out, agency callbacks. */
import { findBundle, listBundlesOfApplicant } from '@renshe/db';
import { DomainError } from '@renshe/domain/errors.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  applyAgencyAnswer,
  bundleOf,
  precheckBundle,
  readBundle,
  submitBundle,
  takeOutPart,
} from '../commands/bundles.ts';
import { caseResource, departmentPath, matterOf } from '../commands/cases.ts';
import { commandContext } from './request-context.ts';
import { errorResponses, PageQuery, pageOf } from './schemas.ts';

const codeParams = z.object({ code: z.string().max(60) });
const bundleParams = z.object({ bundleNumber: z.string().max(40) });
const FormBody = z.record(z.string().max(40), z.string().max(200)).describe('合并表单：字段 id → 值');

const Condition = z.object({
  id: z.string(),
  label: z.string(),
  passed: z.boolean(),
  reason: z.string(),
  instead: z.string().optional(),
});
const PrecheckSchema = z.object({
  eligible: z.boolean(),
  conditions: z.array(Condition),
  lastDay: z.string().nullable().describe('可申请的最后一天'),
  daysLeft: z.number().nullable(),
  birth: z
    .object({ recordNumber: z.string(), birthDate: z.string(), gender: z.string(), institution: z.string() })
    .nullable(),
  household: z.string().nullable(),
  parts: z.array(
    z.object({
      matter: z.string(),
      name: z.string(),
      regionCode: z.string().nullable(),
      department: z.string().nullable(),
    }),
  ),
});
const ResultField = z.object({ id: z.string(), label: z.string(), value: z.string() });
const BundleViewSchema = z.object({
  bundleNumber: z.string(),
  code: z.string(),
  name: z.string(),
  status: z.enum(['in_progress', 'completed', 'completed_with_exceptions', 'withdrawn']),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  birth: PrecheckSchema.shape.birth,
  household: z.string().nullable(),
  evidence: z.array(z.string()).describe('共享获取的材料（证据）'),
  parts: z.array(
    z.object({
      matter: z.string(),
      matterName: z.string(),
      caseNumber: z.string(),
      delivery: z.enum(['pending', 'confirmed', 'rejected', 'failed']),
      status: z.enum(['dispatching', 'submitted', 'in_progress', 'done', 'refused', 'rejected', 'taken_out']),
      stateLabel: z.string(),
      result: z.array(ResultField).optional(),
      deadline: z.string().nullable(),
      deadlineProvisional: z.boolean().describe('期限为预计（放假通知尚未导入）'),
      handler: z.string().optional(),
    }),
  ),
  timeline: z.array(
    z.object({
      at: z.string(),
      matter: z.string(),
      matterName: z.string(),
      actionLabel: z.string(),
      stateLabel: z.string(),
      handler: z.string().optional(),
      opinion: z.string().optional(),
    }),
  ),
});

export const bundleRoutes: FastifyPluginAsyncZod = async (app) => {
  const loadBundle = async (req: { params: unknown }) => {
    const n = (req.params as { bundleNumber: string }).bundleNumber;
    const row = /^[0-9A-Za-z-]{6,40}$/.test(n) ? await findBundle(app.deps.db, n) : undefined;
    const notFound = new DomainError('BUNDLE_NOT_FOUND', `没有这个联办件：${n.slice(0, 40)}`, {
      bundleNumber: n.slice(0, 40),
    });
    if (!row) throw notFound;
    return {
      concealAs: notFound,
      type: 'bundle',
      id: row.bundle_number,
      ownerId: row.applicant_id,
      departmentPath: await departmentPath(app.deps, row.department_code),
      regionCode: row.region_code,
      row,
    };
  };

  app.get(
    '/api/v1/bundles/:code/guide',
    {
      config: { action: 'matter.read' },
      schema: {
        tags: ['一件事'],
        summary: '联办指南：条件、合并表单、子事项（各自时限与结果）',
        params: codeParams,
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (req) => {
      const b = bundleOf(app.deps, req.params.code);
      return {
        ...b,
        parts: b.parts.map((p) => {
          const m = matterOf(app.deps, p.matter);
          return {
            ...p,
            name: m.name,
            implementingBody: m.implementingBody,
            statutory: m.timeLimits.statutory,
            result: m.result.name,
          };
        }),
      };
    },
  );

  app.post(
    '/api/v1/bundles/:code/precheck',
    {
      config: { action: 'bundle.apply' },
      schema: {
        tags: ['一件事'],
        summary: '联办条件预检：逐项给出是否符合及原因、不符合时的替代办法（不提交、不保存）',
        params: codeParams,
        body: z.object({ form: FormBody }),
        response: { 200: PrecheckSchema, ...errorResponses },
      },
    },
    async (req) => precheckBundle(commandContext(app, req), req.params.code, req.body.form),
  );

  app.post(
    '/api/v1/bundles/:code',
    {
      config: { action: 'bundle.apply' },
      schema: {
        tags: ['一件事'],
        summary: '提交联办：一次提交，分送各部门（Idempotency-Key 防重复提交）',
        params: codeParams,
        headers: z.object({ 'idempotency-key': z.string().min(8).max(80).optional() }).loose(),
        body: z.object({
          form: FormBody,
          exclude: z
            .array(z.string().max(60))
            .max(10)
            .optional()
            .describe('不纳入联办、改为单独办理的子事项'),
        }),
        response: {
          201: z.object({ bundleNumber: z.string(), created: z.boolean() }),
          200: z.object({ bundleNumber: z.string(), created: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const r = await submitBundle(commandContext(app, req), req.params.code, {
        ...req.body,
        ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
      });
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  app.get(
    '/api/v1/bundles',
    {
      config: { action: 'case.list_mine' },
      schema: {
        tags: ['一件事'],
        summary: '我的联办（分页，最新的在前）',
        querystring: PageQuery,
        response: {
          200: pageOf(
            z.object({
              bundleNumber: z.string(),
              code: z.string(),
              status: z.string(),
              createdAt: z.string(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { items, total } = await listBundlesOfApplicant(app.deps.db, req.actor.id!, req.query);
      return {
        items: items.map((b) => ({
          bundleNumber: b.bundle_number,
          code: b.bundle_code,
          status: b.status,
          createdAt: b.created_at.toISOString(),
        })),
        total,
        ...req.query,
      };
    },
  );

  app.get(
    '/api/v1/bundles/:bundleNumber',
    {
      config: { action: 'bundle.read', resource: loadBundle },
      schema: {
        tags: ['一件事'],
        summary: '联办进度：各子事项状态、结果，以及一条合并时间线（读取留痕）',
        params: bundleParams,
        response: { 200: BundleViewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { row } = await loadBundle(req);
      return readBundle(commandContext(app, req), row);
    },
  );

  app.post(
    '/api/v1/bundles/:bundleNumber/parts/:matter/take-out',
    {
      config: { action: 'bundle.act', resource: loadBundle },
      schema: {
        tags: ['一件事'],
        summary: '将一个子事项移出联办，改为单独办理（其余事项继续联办）',
        params: bundleParams.extend({ matter: z.string().max(60) }),
        response: { 200: BundleViewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { row } = await loadBundle(req);
      const ctx = commandContext(app, req);
      await takeOutPart(ctx, row, req.params.matter);
      return readBundle(ctx, (await findBundle(app.deps.db, row.bundle_number))!);
    },
  );

  app.post(
    '/api/v1/bundle-parts/:caseNumber/confirmation',
    {
      config: {
        action: 'bundle_part.confirm',
        resource: (req: { params: unknown }) =>
          caseResource(app.deps, (req.params as { caseNumber: string }).caseNumber),
      },
      schema: {
        tags: ['一件事'],
        summary: '部门业务系统回执（异步）：接收受理或退回',
        params: z.object({ caseNumber: z.string().max(40) }),
        body: z.discriminatedUnion('status', [
          z.object({ status: z.literal('accepted'), ref: z.string().min(1).max(60) }),
          z.object({
            status: z.literal('rejected'),
            ref: z.string().min(1).max(60),
            reason: z.string().min(1).max(500),
          }),
        ]),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      const { row } = await caseResource(app.deps, req.params.caseNumber);
      const ctx = commandContext(app, req);
      await app.deps.db
        .transaction()
        .execute((trx) => applyAgencyAnswer(trx, { ...ctx, db: trx }, row.case_number, req.body));
      return { ok: true as const };
    },
  );
};
