/**
 * @renshe/domain — pure primitives every other package stands on: identifiers (身份证号, 统一社会信用代码),
 * 行政区划, money in fen, business dates and the working-day calendar, actors and authorisation, audit
 * chain hashing, masking, and the DomainError type. No I/O, no clock reads, no environment.
 */
export * from './access/index.ts';
export * from './audit/audit-chain.ts';
export * from './audit/audit-checkpoint.ts';
export * from './audit/audit-keys.ts';
export * from './calendar/index.ts';
export * from './dates.ts';
export * from './errors.ts';
export * from './ids/index.ts';
export * from './money/index.ts';
export * from './privacy/mask.ts';
export * from './regions/index.ts';
