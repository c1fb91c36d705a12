/** Builds the app without a database to read its OpenAPI document. */

import { buildApp } from '../app.ts';
import type { AppDeps } from '../context.ts';
import { loadCatalogues } from '../deps.ts';

/** The OpenAPI document of the current routes. */
export async function openApiDocument(): Promise<unknown> {
  const deps = loadCatalogues() as AppDeps; // routes are registered, never called
  const app = await buildApp({ deps, logLevel: 'silent' });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  return doc;
}
