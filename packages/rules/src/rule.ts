/**
 * A rule: typed inputs, named outputs, and formula versions chosen by effective date. A formula version
 * returns one expression tree per output; the trees are the only copy of the logic.
 */
import { isValidDate, toEpochDay } from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { yuan } from '@renshe/domain/money/money.ts';
import { z } from 'zod';
import type { Expr } from './expr.ts';

/** How an input is typed. Money inputs are integer fen. */
export type InputSpec =
  | { type: 'fen'; label: string; max?: number }
  | { type: 'int'; label: string; min: number; max: number }
  | { type: 'bool'; label: string }
  | { type: 'date'; label: string }
  | { type: 'enum'; label: string; values: Record<string, { code: number; label: string }> };

/** What an output is. */
export interface OutputSpec {
  label: string;
  kind: 'money' | 'int' | 'bool';
}

/** A formula version, in force from `from` (inclusive) until the next version. */
export interface RuleVersion {
  from: string;
  /** Why this version exists (the change it encodes). */
  note: string;
  outputs: () => Record<string, Expr>;
}

/** A rule definition. */
export interface Rule {
  id: string;
  label: string;
  description: string;
  inputs: Record<string, InputSpec>;
  outputs: Record<string, OutputSpec>;
  versions: RuleVersion[];
}

/** Declares a rule (checks that versions are ordered and that each defines every output). */
export function defineRule(rule: Rule): Rule {
  const froms = rule.versions.map((v) => v.from);
  if (froms.some((d, i) => i > 0 && d <= froms[i - 1]!))
    throw new Error(`${rule.id}: versions must be in date order`);
  for (const v of rule.versions) {
    const names = Object.keys(v.outputs());
    const missing = Object.keys(rule.outputs).filter((o) => !names.includes(o));
    if (missing.length) throw new Error(`${rule.id}@${v.from}: outputs missing ${missing.join(', ')}`);
  }
  return rule;
}

const treeCache = new WeakMap<RuleVersion, Record<string, Expr>>();

/** A version's expression trees, built once (both evaluators and the resolution cache share them). */
export function treesOf(_rule: Rule, version: RuleVersion): Record<string, Expr> {
  let trees = treeCache.get(version);
  if (!trees) {
    trees = version.outputs();
    treeCache.set(version, trees);
  }
  return trees;
}

/** The version in force on `date`; RULE_NOT_IN_FORCE before the first. */
export function versionAt(rule: Rule, date: string): RuleVersion {
  let chosen: RuleVersion | undefined;
  for (const v of rule.versions) if (v.from <= date) chosen = v;
  if (!chosen) {
    throw new DomainError(
      'RULE_NOT_IN_FORCE',
      `「${rule.label}」自 ${rule.versions[0]?.from} 起施行，${date} 不适用`,
      {
        rule: rule.id,
        date,
        from: rule.versions[0]?.from,
      },
    );
  }
  return chosen;
}

const schemas = new WeakMap<Rule, z.ZodType<Record<string, unknown>>>();

/** Zod schema of a rule's inputs as the API and CLI receive them (money already in fen). Built once per rule. */
export function inputSchema(rule: Rule): z.ZodType<Record<string, unknown>> {
  const cached = schemas.get(rule);
  if (cached) return cached;
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(rule.inputs)) {
    switch (spec.type) {
      case 'fen':
        shape[name] = z
          .number({ error: `${spec.label}应为整数（分）` })
          .int(`${spec.label}应为整数（分）`)
          .min(0, `${spec.label}不能为负数`)
          .max(spec.max ?? 100_000_000_00, `${spec.label}超出合理范围`);
        break;
      case 'int':
        shape[name] = z
          .number({ error: `${spec.label}应为整数` })
          .int(`${spec.label}应为整数`)
          .min(spec.min, `${spec.label}不能小于 ${spec.min}`)
          .max(spec.max, `${spec.label}不能大于 ${spec.max}`);
        break;
      case 'bool':
        shape[name] = z.boolean({ error: `${spec.label}应为 true 或 false` });
        break;
      case 'date':
        shape[name] = z
          .string({ error: `${spec.label}应为 YYYY-MM-DD 日期` })
          .regex(/^\d{4}-\d{2}-\d{2}$/, `${spec.label}应为 YYYY-MM-DD`)
          .refine(isValidDate, `${spec.label}：日期不存在`);
        break;
      case 'enum':
        shape[name] = z.enum(Object.keys(spec.values) as [string, ...string[]], {
          error: `${spec.label}应为 ${Object.entries(spec.values)
            .map(([k, v]) => `${k}（${v.label}）`)
            .join('、')} 之一`,
        });
        break;
    }
  }
  const schema = z.strictObject(shape);
  schemas.set(rule, schema);
  return schema;
}

/**
 * Accepts money inputs written in yuan (`"2900.00"`, as the API, CLI and scenario files do) and turns them
 * into fen; other inputs pass through. A malformed amount is RULE_INPUT_INVALID naming the field.
 */
export function yuanInputsToFen(rule: Rule, raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [name, spec] of Object.entries(rule.inputs)) {
    const v = out[name];
    if (spec.type !== 'fen' || v === undefined) continue;
    // A JSON number is refused, not read as fen: 5000 and "5000" must never mean different amounts.
    if (typeof v !== 'string') {
      const message = '金额须写成以元为单位的字符串，如 "2900.00"';
      throw new DomainError('RULE_INPUT_INVALID', `${spec.label}：${message}`, {
        issues: [{ field: name, message }],
      });
    }
    try {
      out[name] = yuan(v);
    } catch (e) {
      throw new DomainError('RULE_INPUT_INVALID', `${spec.label}：${(e as Error).message}`, {
        issues: [{ field: name, message: (e as Error).message }],
      });
    }
  }
  return out;
}

/** Validates raw inputs and turns them into the numbers formulas see (enum → code, date → epoch day). */
export function encodeInputs(rule: Rule, raw: unknown): Record<string, number> {
  const r = inputSchema(rule).safeParse(raw);
  if (!r.success) {
    throw new DomainError(
      'RULE_INPUT_INVALID',
      r.error.issues.map((i) => `${i.path.join('.') || '输入'}：${i.message}`).join('；'),
      {
        issues: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      },
    );
  }
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(rule.inputs)) {
    const v = r.data[name];
    if (spec.type === 'enum') out[name] = spec.values[v as string]!.code;
    else if (spec.type === 'bool') out[name] = v ? 1 : 0;
    else if (spec.type === 'date') {
      try {
        out[name] = toEpochDay(v as string);
      } catch {
        throw new DomainError('RULE_INPUT_INVALID', `${spec.label}：日期不存在 ${v}`, {
          issues: [{ field: name, message: '日期不存在' }],
        });
      }
    } else out[name] = v as number;
  }
  return out;
}
