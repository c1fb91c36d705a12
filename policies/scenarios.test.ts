/** Runs every `*.scenarios.yaml` in the catalogue on the single and batch paths. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { checkScenario, parseScenarioFile } from '@renshe/rules/scenarios.ts';
import { describe, expect, it } from 'vitest';
import { loadParameterStore, POLICIES_DIR, policyFiles, RULES } from './index.ts';

const store = loadParameterStore();

for (const file of policyFiles('.scenarios.yaml')) {
  const parsed = parseScenarioFile(readFileSync(file, 'utf8'));
  describe(`scenarios ${relative(POLICIES_DIR, file)}`, () => {
    const rule = RULES.get(parsed.rule);
    it('names a registered rule', () => {
      expect(rule, `rule ${parsed.rule}`).toBeDefined();
    });
    for (const s of parsed.scenarios) {
      it(s.name, () => {
        expect(checkScenario(store, rule!, s)).toEqual([]);
      });
    }
  });
}

describe('catalogue', () => {
  it('has a scenarios file for every rule', () => {
    const covered = new Set(
      policyFiles('.scenarios.yaml').map((f) => parseScenarioFile(readFileSync(f, 'utf8')).rule),
    );
    expect([...RULES.keys()].filter((id) => !covered.has(id))).toEqual([]);
  });
});
