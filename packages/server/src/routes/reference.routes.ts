/** 公共查询: 行政区划、部门、工作日历、证件号码校验. */

import { shanghaiDate } from '@renshe/domain/dates.ts';
import { validateCreditCode } from '@renshe/domain/ids/credit-code.ts';
import { validateIdNumber } from '@renshe/domain/ids/id-number.ts';
import {
  ancestorsOf,
  childrenOf,
  getRegion,
  listRegions,
  type Region,
} from '@renshe/domain/regions/region.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BusinessDateSchema, errorResponses, RegionCodeSchema } from './schemas.ts';

const RegionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parent: z.string().nullable(),
  gb: z.boolean().describe('false = 非 GB/T 2260 的统计用代码（如 xx71 开发区）'),
});
const regionView = (r: Region) => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parent: r.parent,
  gb: r.gb,
});

const DayKind = z.enum(['workday', 'weekend', 'statutory_holiday', 'rest_day', 'makeup_workday']);

export const referenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/regions',
    {
      config: { action: 'region.read' },
      schema: {
        tags: ['公共查询'],
        summary: '行政区划列表（山西、济宁）',
        querystring: z.object({
          under: RegionCodeSchema.optional(),
          includeNonGb: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: z.array(RegionView), ...errorResponses },
      },
    },
    async (req) =>
      listRegions({
        ...(req.query.under ? { under: req.query.under } : {}),
        includeNonGb: req.query.includeNonGb === 'true',
      }).map(regionView),
  );

  app.get(
    '/api/v1/regions/:code',
    {
      config: { action: 'region.read' },
      schema: {
        tags: ['公共查询'],
        summary: '行政区划详情（含上级与下级）',
        params: z.object({ code: RegionCodeSchema }),
        response: {
          200: RegionView.extend({ ancestors: z.array(RegionView), children: z.array(RegionView) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const r = getRegion(req.params.code);
      return {
        ...regionView(r),
        ancestors: ancestorsOf(r.code).map(regionView),
        children: childrenOf(r.code, { includeNonGb: true }).map(regionView),
      };
    },
  );

  app.get(
    '/api/v1/departments',
    {
      config: { action: 'department.list' },
      schema: {
        tags: ['公共查询'],
        summary: '部门列表',
        response: {
          200: z.array(
            z.object({
              code: z.string(),
              name: z.string(),
              parentCode: z.string().nullable(),
              agency: z.string(),
              regionCode: z.string(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async () =>
      (await app.deps.departments.list()).map((d) => ({
        code: d.code,
        name: d.name,
        parentCode: d.parent_code,
        agency: d.agency,
        regionCode: d.region_code,
      })),
  );

  app.get(
    '/api/v1/calendar/days/:date',
    {
      config: { action: 'calendar.read' },
      schema: {
        tags: ['工作日历'],
        summary: '某日是否工作日（含调休）、是否法定节假日',
        params: z.object({ date: BusinessDateSchema }),
        response: {
          200: z.object({
            date: z.string(),
            kind: DayKind,
            isWorkday: z.boolean(),
            isStatutoryHoliday: z.boolean(),
            provisional: z.boolean().describe('该年放假通知尚未导入，按法定节假日和周末推算（预计）'),
            source: z.string().describe('该年数据的依据'),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const cal = app.deps.calendar.current;
      const { date } = req.params;
      const year = Number(date.slice(0, 4));
      return {
        date,
        kind: cal.dayKind(date),
        isWorkday: cal.isWorkday(date),
        isStatutoryHoliday: cal.isStatutoryHoliday(date),
        provisional: cal.isProvisional(year),
        source: cal.yearData(year).source,
      };
    },
  );

  app.get(
    '/api/v1/calendar/working-days',
    {
      config: { action: 'calendar.read' },
      schema: {
        tags: ['工作日历'],
        summary: '从某日起算 N 个工作日后的日期（期限计算）',
        querystring: z.object({ from: BusinessDateSchema, days: z.coerce.number().int().min(0).max(3650) }),
        response: {
          200: z.object({
            from: z.string(),
            days: z.number(),
            date: z.string(),
            provisional: z.boolean().describe('用到了尚未导入放假通知的年份（预计）'),
            provisionalYears: z.array(z.number()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const cal = app.deps.calendar.current;
      const date = cal.addWorkingDays(req.query.from, req.query.days);
      const provisionalYears = cal.provisionalYearsBetween(req.query.from, date);
      return { ...req.query, date, provisional: provisionalYears.length > 0, provisionalYears };
    },
  );

  app.get(
    '/api/v1/calendar/years',
    {
      config: { action: 'calendar.read' },
      schema: {
        tags: ['工作日历'],
        summary: '已覆盖的年份',
        response: {
          200: z.object({
            coveredYears: z.array(z.number()).describe('已导入放假通知的年份'),
            provisionalYears: z.array(z.number()).describe('尚无通知、按法定节假日和周末预计的年份'),
            years: z
              .array(z.object({ year: z.number(), provisional: z.boolean(), source: z.string() }))
              .describe('每年的数据依据'),
            today: z.string(),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      coveredYears: app.deps.calendar.current.coveredYears(),
      provisionalYears: app.deps.calendar.current.provisionalYears(),
      years: [...app.deps.calendar.current.coveredYears(), ...app.deps.calendar.current.provisionalYears()]
        .sort((a, b) => a - b)
        .map((year) => ({
          year,
          provisional: app.deps.calendar.current.isProvisional(year),
          source: app.deps.calendar.current.yearData(year).source,
        })),
      today: shanghaiDate(app.deps.clock.now()),
    }),
  );

  app.post(
    '/api/v1/tools/validate-id',
    {
      config: { action: 'id.validate' },
      schema: {
        tags: ['公共查询'],
        summary: '校验身份证号或统一社会信用代码，说明哪一项不通过',
        body: z.object({ type: z.enum(['id_number', 'credit_code']), value: z.string().max(64) }),
        response: {
          200: z.object({
            valid: z.boolean(),
            failure: z
              .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) })
              .optional(),
            parsed: z.record(z.string(), z.unknown()).optional(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { type, value } = req.body;
      const r =
        type === 'id_number'
          ? validateIdNumber(value, { today: shanghaiDate(app.deps.clock.now()) })
          : validateCreditCode(value);
      return r.ok
        ? { valid: true, parsed: { ...r.value } as Record<string, unknown> }
        : { valid: false, failure: { ...r.failure, details: { ...r.failure.details } } };
    },
  );
};
