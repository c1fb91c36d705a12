/**
 * `npm run lint:matters`: validates every matter definition (schema + workflow/limits/materials lint) and
 * every bundle (一件事) against them, and prints each problem; exit 1 if any file has one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isDomainError } from '@renshe/domain/errors.ts';
import { loadMatters, MATTERS_DIR, parseBundleFile, parseMatterFile } from './index.ts';

let bad = 0;
for (const name of readdirSync(MATTERS_DIR)
  .filter((n) => n.endsWith('.yaml'))
  .sort()) {
  try {
    const m = parseMatterFile(readFileSync(`${MATTERS_DIR}/${name}`, 'utf8'), name);
    console.log(
      `✓ ${name}  ${m.name}（v${m.version}，${m.workflow.states.length} 个状态，${m.workflow.actions.length} 个动作）`,
    );
  } catch (e) {
    bad++;
    const problems = isDomainError(e) ? ((e.details.problems as string[]) ?? [e.message]) : [String(e)];
    console.log(`✗ ${name}\n${problems.map((p) => `    - ${p}`).join('\n')}`);
  }
}
if (!bad) {
  const matters = loadMatters();
  for (const name of readdirSync(`${MATTERS_DIR}/bundles`)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    try {
      const b = parseBundleFile(readFileSync(`${MATTERS_DIR}/bundles/${name}`, 'utf8'), name, matters);
      console.log(
        `✓ bundles/${name}  ${b.name}（v${b.version}，${b.parts.length} 个子事项，${b.eligibility.length} 项条件）`,
      );
    } catch (e) {
      bad++;
      const problems = isDomainError(e) ? ((e.details.problems as string[]) ?? [e.message]) : [String(e)];
      console.log(`✗ bundles/${name}\n${problems.map((p) => `    - ${p}`).join('\n')}`);
    }
  }
}
process.exit(bad ? 1 : 0);
