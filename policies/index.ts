/**
 * The policy catalogue: every parameter file (`*.params.yaml`) under this folder and every rule
 * (`*.rule.ts`). A new policy is a parameter file, a rule and a scenarios file — no engine change.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Parameter, ParameterStore, parseParameterFile } from '@renshe/rules/parameters.ts';
import type { Rule } from '@renshe/rules/rule.ts';
import { rules as employment } from './employment/index.ts';
import { rules as livelihood } from './livelihood/index.ts';
import { rules as socialInsurance } from './social-insurance/index.ts';
import { rules as unemployment } from './unemployment/index.ts';
import { rules as wages } from './wages/index.ts';
import { rules as workInjury } from './work-injury/index.ts';
import { rules as workInjuryStatute } from './work-injury-statute/index.ts';

/** The folder of this catalogue. */
export const POLICIES_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Every rule, by id. */
export const RULES: ReadonlyMap<string, Rule> = new Map(
  [
    ...workInjury,
    ...workInjuryStatute,
    ...socialInsurance,
    ...wages,
    ...employment,
    ...unemployment,
    ...livelihood,
  ].map((r) => [r.id, r]),
);

/** Files under the catalogue whose name ends with `suffix`. */
export function policyFiles(suffix: string, dir = POLICIES_DIR): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...policyFiles(suffix, p));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

/** Loads and validates every parameter file (all problems of a file are reported together). */
export function loadParameterStore(dir = POLICIES_DIR): ParameterStore {
  const params: Parameter[] = [];
  for (const file of policyFiles('.params.yaml', dir)) {
    params.push(...parseParameterFile(readFileSync(file, 'utf8'), relative(dir, file)));
  }
  return new ParameterStore(params);
}
