/** @renshe/cases — the case engine: matter definitions, lint, decisions on actions, legal clocks. */

export * from './clock/index.ts';
export * from './engine/case-engine.ts';
export * from './engine/case-record.ts';
export * from './engine/case-view.ts';
export * from './engine/roles.ts';
export * from './matter/lint-matter.ts';
export * from './matter/matter-schema.ts';
