/**
 * Legal clocks (法定时限) in working or calendar days with recorded pauses, derived from clock events:
 * {@link evaluateClock}, {@link validateClockEvents}, {@link deadlineInstant}, {@link timeLimitLabel}.
 */
export * from './legal-clock.ts';
