/** 政策参数与待遇测算: rules, parameters with full dated history and citations, calculations with trace. */

import { DomainError } from '@renshe/domain/errors.ts';
import { formatYuan } from '@renshe/domain/money/money.ts';
import { computeBackPay } from '@renshe/rules/back-pay.ts';
import { evaluateRule } from '@renshe/rules/evaluate.ts';
import { yuanInputsToFen } from '@renshe/rules/rule.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calculationJson } from './calculation-json.ts';
import { BusinessDateSchema, errorResponses, RegionCodeSchema } from './schemas.ts';

const CitationView = z.object({
  body: z.string(),
  title: z.string(),
  number: z.string().optional(),
  article: z.string(),
  published: z.string(),
  effective: z.string(),
  source: z.string(),
  url: z.string().optional(),
});

const ParameterView = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  dimensions: z.array(z.string()),
  note: z.string().optional(),
  file: z.string(),
  values: z.array(
    z.object({
      region: z.string(),
      coords: z.record(z.string(), z.string()),
      value: z.string().describe('文件中所写的值（金额单位：元）'),
      effective: z.string(),
      until: z.string().optional(),
      published: z.string(),
      citation: CitationView,
      note: z.string().optional(),
    }),
  ),
});

/** The response of POST /api/v1/calculations (written by calculation-json.ts). */
export const CalculationResponseSchema = z.object({
  rule: z.object({
    id: z.string(),
    label: z.string(),
    version: z.string(),
    versionNote: z.string(),
  }),
  instant: z.object({ region: z.string(), date: z.string(), asKnownOn: z.string() }),
  outputs: z.record(
    z.string(),
    z.object({
      label: z.string(),
      value: z.union([z.number(), z.boolean()]),
      yuan: z.string().optional(),
    }),
  ),
  explanation: z.array(z.string()),
  parameters: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      value: z.string(),
      effective: z.string(),
      published: z.string(),
      citation: CitationView,
    }),
  ),
  trace: z
    .object({
      outputs: z.record(z.string(), z.number()).describe('各输出的根节点序号'),
      nodes: z
        .array(z.record(z.string(), z.unknown()))
        .describe('计算树节点（子节点按序号引用，参数按 id 引用）'),
    })
    .optional(),
});

export const policyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, rules } = app.deps.policies;
  const parameterView = (id: string) => {
    const p = store.get(id);
    return {
      id: p.id,
      label: p.label,
      unit: p.unit,
      dimensions: p.dimensions,
      ...(p.note ? { note: p.note } : {}),
      file: p.file,
      values: p.values.map((v) => ({
        region: v.region,
        coords: v.coords,
        value: v.written,
        effective: v.effective,
        ...(v.until ? { until: v.until } : {}),
        published: v.published,
        citation: v.citation,
        ...(v.note ? { note: v.note } : {}),
      })),
    };
  };

  app.get(
    '/api/v1/policies/rules',
    {
      config: { action: 'policy.read' },
      schema: {
        tags: ['政策与测算'],
        summary: '规则列表（输入、输出、按生效日期的公式版本）',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              label: z.string(),
              description: z.string(),
              versions: z.array(z.object({ from: z.string(), note: z.string() })),
              inputs: z.record(z.string(), z.object({ type: z.string(), label: z.string() }).loose()),
              outputs: z.record(z.string(), z.object({ label: z.string(), kind: z.string() })),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async () =>
      [...rules.values()].map((r) => ({
        id: r.id,
        label: r.label,
        description: r.description,
        versions: r.versions.map((v) => ({ from: v.from, note: v.note })),
        inputs: r.inputs as Record<string, { type: string; label: string }>,
        outputs: r.outputs,
      })),
  );

  app.get(
    '/api/v1/policies/parameters',
    {
      config: { action: 'policy.read' },
      schema: {
        tags: ['政策与测算'],
        summary: '全部参数及其历次取值与依据',
        response: { 200: z.array(ParameterView), ...errorResponses },
      },
    },
    async () => store.list().map((p) => parameterView(p.id)),
  );

  app.get(
    '/api/v1/policies/parameters/:id',
    {
      config: { action: 'policy.read' },
      schema: {
        tags: ['政策与测算'],
        summary: '某参数的历次取值与依据',
        params: z.object({ id: z.string().max(120) }),
        response: { 200: ParameterView, ...errorResponses },
      },
    },
    async (req) => parameterView(req.params.id),
  );

  app.post(
    '/api/v1/calculations',
    {
      config: { action: 'policy.calculate' },
      schema: {
        tags: ['政策与测算'],
        summary: '待遇测算：输出金额、逐项说明与依据（可按"截至某日已公布的规定"计算）',
        body: z.object({
          rule: z.string().max(120),
          region: RegionCodeSchema,
          date: BusinessDateSchema.describe('待遇所属日期（如某月 1 日）'),
          asKnownOn: BusinessDateSchema.optional().describe('以该日已公布的规定计算；缺省为全部已公布规定'),
          inputs: z.record(z.string(), z.unknown()).describe('金额以元为单位的字符串，如 "2900.00"'),
          trace: z.boolean().optional().describe('是否返回计算树（默认返回；false 时省略）'),
        }),
        response: {
          200: CalculationResponseSchema,
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const rule = rules.get(req.body.rule);
      if (!rule) throw new DomainError('RULE_NOT_FOUND', `没有这条规则：${req.body.rule}`, { field: 'rule' });
      const calc = evaluateRule(store, rule, yuanInputsToFen(rule, req.body.inputs), {
        region: req.body.region,
        date: req.body.date,
        ...(req.body.asKnownOn ? { asKnownOn: req.body.asKnownOn } : {}),
      });
      // The response as UTF-8 JSON bytes written around cached fragments (calculation-json.ts): a Buffer is
      // sent as it is, not serialised again. The API test checks the document against the schema.
      const json = calculationJson(rule, calc, req.body.trace !== false);
      return reply
        .type('application/json; charset=utf-8')
        .send(json as unknown as z.infer<typeof CalculationResponseSchema>);
    },
  );

  app.post(
    '/api/v1/calculations/back-pay',
    {
      config: { action: 'policy.calculate' },
      schema: {
        tags: ['政策与测算'],
        summary: '补发测算：逐月「按发放日已公布规定应发」减「当月已发」',
        body: z.object({
          rule: z.string().max(120),
          region: RegionCodeSchema,
          fromMonth: z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM'),
          paymentDate: BusinessDateSchema,
          output: z.string().max(60),
          inputs: z.record(z.string(), z.unknown()),
        }),
        response: {
          200: z.object({
            output: z.string(),
            total: z.object({ value: z.number(), yuan: z.string() }),
            months: z.array(
              z.object({ month: z.string(), paid: z.number(), due: z.number(), owed: z.number() }),
            ),
            explanation: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const rule = rules.get(req.body.rule);
      if (!rule) throw new DomainError('RULE_NOT_FOUND', `没有这条规则：${req.body.rule}`, { field: 'rule' });
      const r = computeBackPay(store, rule, yuanInputsToFen(rule, req.body.inputs), req.body);
      return { ...r, total: { value: r.total, yuan: formatYuan(r.total) } };
    },
  );
};
