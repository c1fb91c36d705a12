/** Persistence: database handles, migrations, schema types and repositories. */
export * from './database.ts';
export * from './migrate.ts';
export * from './personal-data.ts';
export * from './repositories/account.repository.ts';
export * from './repositories/audit.repository.ts';
export * from './repositories/bundle.repository.ts';
export * from './repositories/calendar.repository.ts';
export * from './repositories/case.repository.ts';
export * from './repositories/department.repository.ts';
export * from './repositories/paging.ts';
export * from './repositories/personal-data.repository.ts';
export * from './repositories/rate-limit.repository.ts';
export * from './repositories/task.repository.ts';
export * from './repositories/timer.repository.ts';
export * from './repositories/verification-code.repository.ts';
export * from './schema.ts';
