/** 管理: 创建账号、导入年度日历、校验审计链、查看辖区工作人员. */
import { listStaffInRegion } from '@renshe/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createAccount } from '../commands/create-account.ts';
import { loadCalendarYear } from '../commands/load-calendar-year.ts';
import { verifyAudit } from '../services/audit-trail.ts';
import { commandContext } from './request-context.ts';
import { AccountView, errorResponses, PageQuery, pageOf, RegionCodeSchema } from './schemas.ts';
import { accountView } from './views.ts';

const AuditFinding = z.object({
  partition: z.string(),
  id: z.number().nullable(),
  seq: z.number(),
  reason: z.string(),
});

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/admin/accounts',
    {
      config: { action: 'account.create' },
      schema: {
        tags: ['管理'],
        summary: '创建账号（单位、工作人员、管理员）',
        body: z.object({
          kind: z.enum(['employer', 'staff', 'admin']),
          loginName: z.string().min(1).max(64),
          displayName: z.string().min(1).max(50),
          password: z.string().min(1).max(128),
          phone: z
            .string()
            .regex(/^1[3-9]\d{9}$/)
            .optional(),
          departmentCode: z.string().min(1).max(64).optional(),
          regionCode: RegionCodeSchema.optional(),
          roles: z.array(z.string().max(32)).max(10).optional(),
        }),
        response: { 201: AccountView, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(accountView(await createAccount(commandContext(app, req), req.body))),
  );

  const Deadline = z.object({ deadline: z.string().nullable(), provisional: z.boolean() });
  app.put(
    '/api/v1/admin/calendar/years/:year',
    {
      config: { action: 'calendar.load_year' },
      schema: {
        tags: ['管理'],
        summary: '导入某年节假日与调休安排（国务院办公厅通知发布后）；dryRun 只校验并预览在办件时限的变化',
        description:
          '校验：每个日期在该年内且真实存在；现行《全国年节及纪念日放假办法》的每个法定节假日均为放假日、不是调休上班日；' +
          '调休上班日是周六或周日；注明通知名称或文号。不通过时 400 CALENDAR_YEAR_INVALID 并列出全部问题。' +
          '导入后重新计算受影响的在办件时限，并在办件时间线上记录变化。',
        params: z.object({ year: z.coerce.number().int().min(2004).max(2099) }),
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
        // Shape only here; the command checks the content and names every problem (CALENDAR_YEAR_INVALID).
        body: z.object({
          restDays: z.array(z.string().max(10)).max(366).describe('所有放假日（含调休放假）'),
          makeupWorkdays: z.array(z.string().max(10)).max(366).describe('调休上班的周末'),
          statutoryHolidays: z
            .array(z.string().max(10))
            .max(366)
            .optional()
            .describe('法定节假日（300% 加班工资日）；省略时按现行放假办法计算'),
          source: z.string().min(1).max(500).describe('依据：国务院办公厅通知名称、文号与网址'),
        }),
        response: {
          200: z.object({
            coveredYears: z.array(z.number()),
            provisionalYears: z.array(z.number()).describe('仍按预计计算的年份'),
            dryRun: z.boolean(),
            recompute: z.object({
              examined: z.number().describe('检查的在办件数'),
              tasksRescheduled: z.number(),
              changed: z
                .array(
                  z.object({
                    caseNumber: z.string(),
                    matter: z.string(),
                    before: Deadline,
                    after: Deadline,
                    stage: z
                      .object({ before: z.string().nullable(), after: z.string().nullable() })
                      .optional(),
                  }),
                )
                .describe('时限发生变化的在办件'),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      loadCalendarYear(
        commandContext(app, req),
        { ...req.body, year: req.params.year },
        { dryRun: req.query.dryRun === 'true' },
      ),
  );

  app.post(
    '/api/v1/admin/audit/verify',
    {
      config: { action: 'audit.verify' },
      schema: {
        tags: ['管理'],
        summary: '校验审计哈希链（密钥 HMAC）与库外签名检查点，列出每一处篡改、删除、截断或伪造',
        description:
          '原因代码：hash_mismatch（记录被改）、hash_recomputed（无密钥重算哈希）、unknown_key、legacy_after_keyed、' +
          'legacy_unsealed、seq_gap / prev_hash_mismatch（中间记录被删）、tail_missing / checkpoint_ahead（链尾被截断）、' +
          'head_mismatch、beyond_head / head_missing（库外插入的记录）、checkpoint_mismatch（历史被替换）、' +
          'chain_deleted（整条链被删）、checkpoint_invalid（检查点无法验证）。校验通过后写入新的检查点。',
        response: {
          200: z.object({
            ok: z.boolean(),
            partitions: z.number(),
            rows: z.number(),
            legacyRows: z.number().describe('迁移 0007 之前的未加密钥记录（SHA-256）'),
            firstBreak: AuditFinding.optional(),
            findings: z.array(AuditFinding),
            checkpoint: z
              .object({ at: z.string(), partitions: z.number(), count: z.number() })
              .nullable()
              .describe('对照的最新检查点（null：尚无检查点）'),
            checkpointWritten: z.boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async () => verifyAudit(app.deps),
  );

  app.get(
    '/api/v1/staff',
    {
      config: {
        action: 'staff.list_region',
        resource: (req) => ({ type: 'staff', regionCode: (req.query as { region: string }).region }),
      },
      schema: {
        tags: ['管理'],
        summary: '辖区内工作人员（科室负责人）：分页，按区划、账号排序',
        querystring: PageQuery.extend({ region: RegionCodeSchema }),
        response: { 200: pageOf(AccountView), ...errorResponses },
      },
    },
    async (req) => {
      const { region, page, pageSize } = req.query;
      const { items, total } = await listStaffInRegion(app.deps.db, region.replace(/(00)+$/, ''), {
        page,
        pageSize,
      });
      return { items: items.map((a) => accountView(a)), total, page, pageSize };
    },
  );
};
