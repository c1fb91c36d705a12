import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi-document.ts';

describe('generated API client', () => {
  it('is current: packages/web/src/api/openapi.json matches the routes (run `npm run gen:api`)', async () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../web/src/api/openapi.json', import.meta.url), 'utf8'),
    );
    expect(JSON.parse(JSON.stringify(await openApiDocument()))).toEqual(committed);
  });
});
