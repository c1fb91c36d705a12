/**
 * The matter catalogue: every `*.v<N>.yaml` under this folder, validated (schema + lint) at load.
 * All versions are kept: a case stays on the version it started with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Bundle, BundleSchema } from '@renshe/cases/bundle/bundle-schema.ts';
import { lintBundle } from '@renshe/cases/bundle/lint-bundle.ts';
import { lintMatter } from '@renshe/cases/matter/lint-matter.ts';
import { type Matter, MatterSchema } from '@renshe/cases/matter/matter-schema.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { parse as parseYaml } from 'yaml';

/** The folder of this catalogue. */
export const MATTERS_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Every matter version, by code then version. */
export type MatterCatalogue = ReadonlyMap<string, ReadonlyMap<number, Matter>>;

/** Parses and lints one matter file; every problem is reported at once. */
export function parseMatterFile(text: string, file: string): Matter {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new DomainError('MATTER_INVALID', `事项定义 ${file} 不是合法的 YAML：${(e as Error).message}`, {
      file,
      problems: [(e as Error).message],
    });
  }
  const r = MatterSchema.safeParse(raw);
  if (!r.success) {
    throw new DomainError('MATTER_INVALID', `事项定义 ${file} 有误`, {
      file,
      problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  const problems = lintMatter(r.data);
  const m = /\.v(\d+)\.yaml$/.exec(file);
  if (!m || Number(m[1]) !== r.data.version) problems.push(`文件名版本与 version: ${r.data.version} 不一致`);
  if (problems.length) throw new DomainError('MATTER_INVALID', `事项定义 ${file} 有误`, { file, problems });
  return r.data;
}

/** Loads every matter file of the folder. */
export function loadMatters(dir = MATTERS_DIR): MatterCatalogue {
  const out = new Map<string, Map<number, Matter>>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const matter = parseMatterFile(readFileSync(`${dir}/${name}`, 'utf8'), name);
    const versions = out.get(matter.code) ?? new Map<number, Matter>();
    if (versions.has(matter.version))
      throw new DomainError('MATTER_INVALID', `事项 ${matter.code} 版本 ${matter.version} 重复`, {});
    versions.set(matter.version, matter);
    out.set(matter.code, versions);
  }
  return out;
}

/** The newest version of a matter (for new cases). */
export function latestMatter(catalogue: MatterCatalogue, code: string): Matter {
  const versions = catalogue.get(code);
  if (!versions) throw new DomainError('MATTER_NOT_FOUND', `没有这个事项：${code}`, { code });
  return versions.get(Math.max(...versions.keys()))!;
}

/** Every bundle (一件事) version, by code then version. */
export type BundleCatalogue = ReadonlyMap<string, ReadonlyMap<number, Bundle>>;

/** Parses and lints one bundle file against the matter catalogue. */
export function parseBundleFile(text: string, file: string, matters: MatterCatalogue): Bundle {
  const r = BundleSchema.safeParse(parseYaml(text));
  if (!r.success) {
    throw new DomainError('BUNDLE_INVALID', `联办定义 ${file} 有误`, {
      file,
      problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  const problems = lintBundle(r.data, (code) =>
    matters.has(code) ? latestMatter(matters, code) : undefined,
  );
  if (problems.length) throw new DomainError('BUNDLE_INVALID', `联办定义 ${file} 有误`, { file, problems });
  return r.data;
}

/** Loads every bundle file of `bundles/`. */
export function loadBundles(matters: MatterCatalogue, dir = `${MATTERS_DIR}/bundles`): BundleCatalogue {
  const out = new Map<string, Map<number, Bundle>>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const b = parseBundleFile(readFileSync(`${dir}/${name}`, 'utf8'), name, matters);
    const versions = out.get(b.code) ?? new Map<number, Bundle>();
    versions.set(b.version, b);
    out.set(b.code, versions);
  }
  return out;
}

/** The newest version of a bundle. */
export function latestBundle(catalogue: BundleCatalogue, code: string): Bundle {
  const versions = catalogue.get(code);
  if (!versions) throw new DomainError('BUNDLE_NOT_FOUND', `没有这个联办事项：${code}`, { code });
  return versions.get(Math.max(...versions.keys()))!;
}
