/**
 * `npm test`: every check and test of the repository, then one plain summary line for CI:
 *   N passed, N failed, N skipped
 * 1. Static checks, each counted as one test: TypeScript (tsc --noEmit), Biome, import boundaries, and the
 *    bounded security fuzz of every JSON route (scripts/security-fuzz.ts).
 * 2. vitest (unit, property, database on PGlite + PostgreSQL, API, browser) under TZ=UTC.
 * 3. vitest again under TZ=Asia/Shanghai for everything but the browser tests, so business dates are
 *    proven independent of the machine's zone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function step(name: string, cmd: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

for (const [name, cmd, args] of [
  ['typecheck (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint (biome check)', 'npx', ['biome', 'check', '.']],
  ['import boundaries', process.execPath, ['--import', 'tsx', 'scripts/check-imports.ts']],
  // ≥ 10,000 generated bodies per JSON route, hostile ones included; fails on any answer ≥ 500.
  [
    'security fuzz (npm run test:security)',
    process.execPath,
    ['--import', 'tsx', 'scripts/security-fuzz.ts'],
  ],
] as const) {
  if (step(name, cmd, [...args]) === 0) total.passed++;
  else {
    total.failed++;
    failures.push(name);
  }
}

const passes: { tz: string; extra: string[] }[] = [
  { tz: 'UTC', extra: [] },
  { tz: 'Asia/Shanghai', extra: ['--exclude', 'e2e/**'] },
];
for (const { tz, extra } of passes) {
  const report = `.vitest-report-${tz.replace('/', '-')}.json`;
  rmSync(report, { force: true });
  step(
    `vitest (TZ=${tz})`,
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
    {
      TZ: tz,
    },
  );
  if (!existsSync(report)) {
    total.failed++;
    failures.push(`vitest TZ=${tz} produced no report`);
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  total.passed += r.numPassedTests;
  total.failed += r.numFailedTests;
  total.skipped += r.numPendingTests + r.numTodoTests;
  // A file that fails to load has no failed tests but is still a failure.
  const brokenFiles = r.testResults.filter(
    (f: { status: string; assertionResults: unknown[] }) =>
      f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
  total.failed += brokenFiles;
  if (r.numFailedTests || brokenFiles)
    failures.push(`vitest TZ=${tz}: ${r.numFailedTests} failed tests, ${brokenFiles} broken files`);
  rmSync(report, { force: true });
}

if (failures.length) console.log(`\nFailures: ${failures.join('; ')}`);
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
