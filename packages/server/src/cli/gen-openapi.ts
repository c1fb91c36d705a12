/**
 * Writes the OpenAPI document (packages/web/src/api/openapi.json) and the typed client schema
 * (packages/web/src/api/schema.d.ts) the web app imports. Run after changing a route: `npm run gen:api`.
 * A test checks the committed files are current.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './openapi-document.ts';

const dir = fileURLToPath(new URL('../../../web/src/api/', import.meta.url));
writeFileSync(`${dir}openapi.json`, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
execFileSync(
  'npm',
  ['exec', '-w', '@renshe/web', '--', 'openapi-typescript', `${dir}openapi.json`, '-o', `${dir}schema.d.ts`],
  {
    stdio: 'inherit',
  },
);
console.log(`wrote ${dir}openapi.json and schema.d.ts`);
