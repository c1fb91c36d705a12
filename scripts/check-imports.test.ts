import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importViolations } from './check-imports.ts';

describe('import boundaries', () => {
  it('hold in this repository', () => {
    expect(importViolations(process.cwd())).toEqual([]);
  });

  it('catch an engine importing the server and web importing a runtime value from domain', () => {
    const root = mkdtempSync(join(tmpdir(), 'layers-'));
    for (const p of ['domain', 'server', 'web'])
      mkdirSync(join(root, 'packages', p, 'src'), { recursive: true });
    writeFileSync(join(root, 'packages/domain/src/a.ts'), "import { x } from '@renshe/server/app.ts';\n");
    writeFileSync(
      join(root, 'packages/web/src/b.ts'),
      "import { y } from '@renshe/domain/dates.ts';\nimport type { Z } from '@renshe/domain/dates.ts';\n",
    );
    const v = importViolations(root);
    expect(v).toHaveLength(2);
    expect(v[0]).toContain('packages/domain/src/a.ts');
    expect(v[1]).toContain('packages/web/src/b.ts');
  });
});
