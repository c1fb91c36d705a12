/** Persistence: database handles, migrations, schema types and repositories. */
export * from './database.ts';
export * from './migrate.ts';
export * from './schema.ts';
