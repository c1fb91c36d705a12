/**
 * Enforces the layering: domain ← (rules, cases) ← db ← server; web imports only domain types and its
 * generated API client. Exits 1 listing every import that points the wrong way.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What each package may import from the workspace. */
export const ALLOWED: Record<string, string[]> = {
  domain: [],
  rules: ['domain'],
  cases: ['domain'],
  db: ['domain', 'rules', 'cases'],
  policies: ['domain', 'rules'],
  matters: ['domain', 'cases'],
  server: ['domain', 'rules', 'cases', 'db', 'policies', 'matters'],
  web: ['domain'],
};

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

/** Every wrong-way import under `root/packages`. */
export function importViolations(root: string): string[] {
  const problems: string[] = [];
  const dirs = readdirSync(join(root, 'packages')).map((p) => [p, join(root, 'packages', p, 'src')] as const);
  for (const top of ['policies', 'matters'])
    if (existsSync(join(root, top))) dirs.push([top, join(root, top)]);
  for (const [pkg, srcDir] of dirs) {
    const allowed = ALLOWED[pkg];
    if (!allowed) {
      problems.push(`packages/${pkg}: no layering rule (add it to scripts/check-imports.ts)`);
      continue;
    }
    for (const file of files(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/g,
      )) {
        const [, , typeOnly, spec] = m;
        const ws = /^@renshe\/([^/]+)/.exec(spec!)?.[1];
        const rel = spec!.startsWith('.')
          ? /packages\/([^/]+)\//.exec(join(file, '..', spec!))?.[1]
          : undefined;
        const target = ws ?? (rel && rel !== pkg ? rel : undefined);
        if (!target || target === pkg) continue;
        const ok = allowed.includes(target) && (pkg !== 'web' || typeOnly);
        if (!ok)
          problems.push(
            `${relative(root, file)}: imports ${spec} (${pkg} may import ${allowed.join(', ') || 'nothing'}${pkg === 'web' ? ', types only' : ''})`,
          );
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = importViolations(process.cwd());
  if (problems.length) {
    console.error(`import boundaries violated:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('import boundaries OK');
}
