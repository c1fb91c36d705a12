/**
 * `npm run lint:matters`: validates every matter definition (schema + workflow/limits/materials lint) and
 * prints each problem; exit 1 if any file has one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isDomainError } from '@renshe/domain/errors.ts';
import { MATTERS_DIR, parseMatterFile } from './index.ts';

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
process.exit(bad ? 1 : 0);
