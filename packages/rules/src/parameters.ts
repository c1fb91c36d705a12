/**
 * Dated, cited policy parameters.
 *
 * A parameter is a step function of time per coordinate (region + its own dimensions such as grade):
 * each value holds from `effective` until the next value's effective date (or `until`). Every value also
 * has the date it was `published`, so the store answers bitemporal questions: "the value for date D as
 * known on date K" ignores values published after K. Back-pay for months before a notice was published is
 * the difference between "as known now" and "as known then", computed, never typed in.
 *
 * Region fallback: a value for 140105 is looked up at 140105, then 140100, 140000, then the national
 * default 000000 — the most specific region that has a value in force wins.
 */
import { DomainError } from '@renshe/domain/errors.ts';
import { percent, type Ratio, ratioFromDecimal, yuan } from '@renshe/domain/money/money.ts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type Citation, CitationSchema } from './citation.ts';

/** Units a parameter value can have. Money is written in yuan in files and held in fen. */
export const PARAMETER_UNITS = [
  'yuan',
  'percent',
  'ratio',
  'integer',
  'months',
  'days',
  'hours',
  'minutes',
  'date',
] as const;
/** A parameter unit. */
export type ParameterUnit = (typeof PARAMETER_UNITS)[number];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const scalar = z.union([z.string(), z.number()]);

const ValueSchema = z
  .object({
    region: z
      .string()
      .regex(/^\d{6}$/)
      .default('000000'),
    value: scalar,
    effective: date,
    until: date.optional(),
    /** Key into the file's citations. */
    cite: z.string().min(1),
    note: z.string().optional(),
  })
  .catchall(z.union([z.string(), z.number()]));

const ParameterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_.]+$/, 'id 只能含小写字母、数字、下划线和点'),
  label: z.string().min(1),
  unit: z.enum(PARAMETER_UNITS),
  dimensions: z.array(z.string().regex(/^[a-z_]+$/)).default([]),
  /** Labels of dimension values for explanations, e.g. grade 1 → 一级. */
  keyLabels: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  note: z.string().optional(),
  values: z.array(ValueSchema).min(1),
});

/** A parameter file: parameters and the citations their values refer to. */
export const ParameterFileSchema = z.strictObject({
  citations: z.record(z.string(), CitationSchema),
  parameters: z.array(ParameterSchema).min(1),
});

/** A value in its stored form: fen for money, a Ratio for percent/ratio, an integer or epoch-day otherwise. */
export type ParameterScalar = number | Ratio | string;

/** One dated, cited value of a parameter at one coordinate. */
export interface ParameterValue {
  region: string;
  coords: Record<string, string>;
  value: ParameterScalar;
  /** The value as written in the file (for explanations). */
  written: string;
  effective: string;
  until?: string;
  published: string;
  citation: Citation;
  note?: string;
}

/** A loaded parameter. */
export interface Parameter {
  id: string;
  label: string;
  unit: ParameterUnit;
  dimensions: string[];
  keyLabels: Record<string, Record<string, string>>;
  note?: string;
  values: ParameterValue[];
  /** The file it came from. */
  file: string;
}

/** A value chosen for a question, with where it came from. */
export interface ResolvedValue {
  parameterId: string;
  label: string;
  unit: ParameterUnit;
  value: ParameterScalar;
  written: string;
  region: string;
  coords: Record<string, string>;
  effective: string;
  published: string;
  citation: Citation;
  note?: string;
}

/** "As known now": every value published so far, whatever its publication date. */
export const LATEST_KNOWLEDGE = '9999-12-31';

/** When: the date the value applies to, and the date of knowledge (default: everything published). */
export interface Instant {
  region: string;
  date: string;
  asKnownOn?: string;
}

function convert(unit: ParameterUnit, raw: string | number, where: string): ParameterScalar {
  const s = String(raw);
  try {
    switch (unit) {
      case 'yuan':
        return yuan(s);
      case 'percent':
        return percent(s);
      case 'ratio': {
        const m = /^(\d+)\/(\d+)$/.exec(s);
        return m ? { num: BigInt(m[1]!), den: BigInt(m[2]!) } : ratioFromDecimal(s);
      }
      case 'date':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new Error('not a date');
        return s;
      default:
        if (!/^-?\d+$/.test(s)) throw new Error('not an integer');
        return Number(s);
    }
  } catch {
    throw new DomainError('PARAMETER_FILE_INVALID', `${where}：取值 ${s} 不是合法的 ${unit}`, {
      where,
      value: s,
    });
  }
}

/** Region codes from the most specific to the national default: 140105 → 140105, 140100, 140000, 000000. */
export function regionChain(code: string): string[] {
  const chain = [code];
  if (code.slice(4) !== '00') chain.push(`${code.slice(0, 4)}00`);
  if (code.slice(2, 4) !== '00') chain.push(`${code.slice(0, 2)}0000`);
  if (code !== '000000') chain.push('000000');
  return [...new Set(chain)];
}

/** Parses and validates a parameter file (YAML text). Every problem is reported at once. */
export function parseParameterFile(text: string, file: string): Parameter[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new DomainError(
      'PARAMETER_FILE_INVALID',
      `参数文件 ${file} 不是合法的 YAML：${(e as Error).message}`,
      {
        file,
        problems: [(e as Error).message],
      },
    );
  }
  const r = ParameterFileSchema.safeParse(raw);
  if (!r.success) {
    throw new DomainError('PARAMETER_FILE_INVALID', `参数文件 ${file} 有误`, {
      file,
      problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  const problems: string[] = [];
  const params = r.data.parameters.map((p) => {
    const values: ParameterValue[] = p.values.map((v, i) => {
      const { region, value, effective, until, cite, note, ...rest } = v;
      const where = `${file} ${p.id} values[${i}]`;
      const citation = r.data.citations[cite];
      if (!citation) problems.push(`${where}: 引用 ${cite} 不存在`);
      const coords: Record<string, string> = {};
      for (const d of p.dimensions) {
        if (rest[d] === undefined) problems.push(`${where}: 缺少维度 ${d}`);
        else coords[d] = String(rest[d]);
      }
      for (const k of Object.keys(rest))
        if (!p.dimensions.includes(k)) problems.push(`${where}: 未声明的维度 ${k}`);
      if (citation && citation.effective > effective) {
        problems.push(`${where}: 取值生效日 ${effective} 早于所引文件施行日 ${citation.effective}`);
      }
      return {
        region,
        coords,
        value: convert(p.unit, value, where),
        written: String(value),
        effective,
        ...(until ? { until } : {}),
        published: citation?.published ?? effective,
        citation: citation!,
        ...(note ? { note } : {}),
      };
    });
    return {
      id: p.id,
      label: p.label,
      unit: p.unit,
      dimensions: p.dimensions,
      keyLabels: p.keyLabels ?? {},
      ...(p.note ? { note: p.note } : {}),
      values,
      file,
    } satisfies Parameter;
  });
  if (problems.length)
    throw new DomainError('PARAMETER_FILE_INVALID', `参数文件 ${file} 有误`, { file, problems });
  return params;
}

const coordKey = (dims: string[], coords: Record<string, string | number>) =>
  dims.map((d) => String(coords[d])).join('|');

/** All parameters, indexed for lookup. Immutable once built. */
export class ParameterStore {
  readonly #params = new Map<string, Parameter>();
  /** id → region → coordKey → values sorted by (effective, published). */
  readonly #index = new Map<string, Map<string, Map<string, ParameterValue[]>>>();

  constructor(params: Parameter[]) {
    for (const p of params) {
      if (this.#params.has(p.id)) {
        throw new DomainError('PARAMETER_DUPLICATE', `参数 ${p.id} 重复定义（${p.file}）`, { id: p.id });
      }
      this.#params.set(p.id, p);
      const byRegion = new Map<string, Map<string, ParameterValue[]>>();
      for (const v of p.values) {
        const byCoord = byRegion.get(v.region) ?? new Map<string, ParameterValue[]>();
        byRegion.set(v.region, byCoord);
        const k = coordKey(p.dimensions, v.coords);
        const list = byCoord.get(k) ?? [];
        list.push(v);
        byCoord.set(k, list);
      }
      for (const byCoord of byRegion.values()) {
        for (const list of byCoord.values()) {
          list.sort(
            (a, b) => a.effective.localeCompare(b.effective) || a.published.localeCompare(b.published),
          );
        }
      }
      this.#index.set(p.id, byRegion);
    }
  }

  /** Every parameter. */
  list(): Parameter[] {
    return [...this.#params.values()];
  }

  /** The parameter, or PARAMETER_NOT_FOUND. */
  get(id: string): Parameter {
    const p = this.#params.get(id);
    if (!p) throw new DomainError('PARAMETER_NOT_FOUND', `参数不存在：${id}`, { id });
    return p;
  }

  /** The value at `coords` for `at`, or undefined when none is in force (as known on `at.asKnownOn`). */
  find(id: string, coords: Record<string, string | number>, at: Instant): ResolvedValue | undefined {
    const p = this.get(id);
    const known = at.asKnownOn ?? LATEST_KNOWLEDGE;
    const byRegion = this.#index.get(id)!;
    const key = coordKey(p.dimensions, coords);
    for (const region of regionChain(at.region)) {
      const list = byRegion.get(region)?.get(key);
      if (!list) continue;
      let chosen: ParameterValue | undefined;
      for (const v of list) {
        if (v.effective > at.date || v.published > known) continue;
        chosen = v; // sorted: the last match is the latest effective, latest published
      }
      if (chosen && (!chosen.until || at.date < chosen.until)) {
        return {
          parameterId: id,
          label: p.label,
          unit: p.unit,
          value: chosen.value,
          written: chosen.written,
          region,
          coords: chosen.coords,
          effective: chosen.effective,
          published: chosen.published,
          citation: chosen.citation,
          ...(chosen.note ? { note: chosen.note } : {}),
        };
      }
    }
    return undefined;
  }

  /** Like `find`, but a missing value is PARAMETER_NO_VALUE naming the parameter, coordinates and dates. */
  resolve(id: string, coords: Record<string, string | number>, at: Instant): ResolvedValue {
    const v = this.find(id, coords, at);
    if (v) return v;
    const p = this.get(id);
    const dims = p.dimensions.map((d) => `${d}=${coords[d]}`).join(', ');
    throw new DomainError(
      'PARAMETER_NO_VALUE',
      `「${p.label}」在 ${at.date}${at.asKnownOn && at.asKnownOn !== at.date ? `（以 ${at.asKnownOn} 已公布的规定为准）` : ''}对区划 ${at.region}${dims ? `、${dims}` : ''} 没有取值`,
      { parameter: id, coords, ...at },
    );
  }

  /** Keys of one dimension that have any value for the parameter. */
  keysOf(id: string, dimension: string): string[] {
    const p = this.get(id);
    return [...new Set(p.values.map((v) => v.coords[dimension]!))].filter((k) => k !== undefined);
  }
}
