/** Builds the app without a database to read its OpenAPI document. */

import { loadParameterStore, RULES } from '@renshe/policies';
import { buildApp } from '../app.ts';
import type { AppDeps } from '../context.ts';

/** The OpenAPI document of the current routes. */
export async function openApiDocument(): Promise<unknown> {
  const deps = { policies: { store: loadParameterStore(), rules: RULES } } as AppDeps; // routes registered, never called
  const app = await buildApp({ deps, logLevel: 'silent' });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  return doc;
}
