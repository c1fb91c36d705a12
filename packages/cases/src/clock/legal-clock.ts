/**
 * Legal clocks (法定时限) of a case, derived from its clock events. Pure: no I/O, no clock reads; the caller
 * passes the events, the limit, the working calendar and "now".
 *
 * ## Counting rule
 *
 * Instants are converted to Asia/Shanghai business dates ({@link shanghaiDate}); all counting is in whole days.
 * A limit counts *units*: working days (工作日, the calendar's workdays including 调休 makeup days; 行政许可法
 * §82: 期限以工作日计算，不含法定节假日) or calendar days (日). `units(a, b)` is the number of counting days in
 * the half-open span (a, b]: after `a`, up to and including `b` (the calendar's `countWorkingDays` convention).
 *
 * - **Start.** The start day does not count (民法典 §201: 开始的当日不计入，自下一日开始计算). With no pauses a
 *   working-days limit of n ends on `calendar.addWorkingDays(startDate, n)`; a calendar-days limit ends on
 *   `startDate + n`.
 * - **Last day on a day off.** If the last day is not a working day (法定休假日 or weekend) the period ends on the
 *   next working day (民法典 §203: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日). This only
 *   changes calendar-days limits: a working-days limit always ends on a working day.
 * - **End of day.** The period ends at 24:00 of the deadline day (民法典 §203 ¶2), so anything on the deadline
 *   day is in time; {@link deadlineInstant} gives that instant.
 * - **Pauses (中止).** A pause begun on business date P and ended on business date R (by a resume, or by a stop
 *   while paused) excludes the days (P, R]: the pause day itself still counts — the clock ran that day — and the
 *   resumption day does not, as each resumption restarts the remaining period like a start day (民法典 §201 by
 *   analogy; 行政许可法 §45 and 工伤保险条例 §20 ¶3: 鉴定 time and waiting for a 司法机关 conclusion are not
 *   counted). So the pause costs `units(P, R)`: 0 when paused and resumed on the same day, 1 working day when
 *   paused on a workday and resumed on the next workday, R − P calendar days for a calendar-days clock.
 * - **Sub-periods.** Each resumption on R restarts the remaining units r from R: the new end is `R + r units`,
 *   then moved to a working day as above. For a pause begun before the end day this is the same as moving the
 *   end day later by exactly the pause's units. A pause begun on or after the end day but no later than the
 *   deadline (the deadline day itself, or a holiday the deadline was moved past) is still in time: it leaves 0
 *   units, so the deadline becomes the resumption day (or the next working day after it). A pause begun after
 *   the deadline does not extend it; an overdue clock cannot be cured by pausing.
 * - **Open pause.** While a pause is still open, the deadline is reported as if the clock were resumed today,
 *   so it keeps moving later day by day until the resume.
 *
 * Used units at date N: while N ≤ deadline, the counting days in (start, N] outside pauses, at most the limit
 * (days of a §203 extension are not used); after the deadline, the limit plus the counting days after the
 * deadline up to N outside pauses. `remainingUnits = amount − usedUnits`, negative once a counting day has
 * passed after the deadline. A stopped clock is evaluated at its stop date.
 *
 * ## Provisional (预计) answers
 *
 * When the calendar answers a year from an estimate (no State Council notice loaded yet, see the calendar's
 * `provisional-year.ts`), the status lists that year in `provisionalYears`: for a working-days limit every
 * estimated year from the start to the deadline (each day's kind counted); for a
 * calendar-days limit the estimated years of the last two weeks up to the deadline (only the §203 move off a
 * day off consulted the calendar). An empty list means the answer rests on notices alone.
 */

import type { WorkingCalendar } from '@renshe/domain/calendar/working-calendar.ts';
import {
  addDays,
  type BusinessDate,
  daysBetween,
  shanghaiDate,
  startOfShanghaiDay,
} from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import type { TimeLimit } from '../matter/matter-schema.ts';

/** The units a limit can count. */
export const TIME_LIMIT_UNIT = {
  /** 工作日: working days of the working calendar, excluding 法定节假日, rest days and weekends (行政许可法 §82). */
  workingDays: 'working_days',
  /** 日: calendar days; a last day on a day off moves to the next working day (民法典 §203). */
  calendarDays: 'calendar_days',
} as const;

/** A unit of a time limit: `working_days` or `calendar_days`. */
export type TimeLimitUnit = (typeof TIME_LIMIT_UNIT)[keyof typeof TIME_LIMIT_UNIT];

/**
 * The part of a time limit the clock needs: a positive whole `amount` of `unit`. A matter's {@link TimeLimit}
 * (which also carries its legal basis) can be passed as is.
 */
export type ClockLimit = Pick<TimeLimit, 'amount' | 'unit'>;

/** The Chinese label of a limit: `10个工作日` for working days, `60日` for calendar days. */
export function timeLimitLabel(limit: ClockLimit): string {
  return `${limit.amount}${unitLabel(limit.unit)}`;
}

/** The Chinese unit word of a limit unit: `个工作日` or `日`. */
export function unitLabel(unit: TimeLimitUnit): string {
  return unit === TIME_LIMIT_UNIT.workingDays ? '个工作日' : '日';
}

/** Kinds of clock event. */
export const CLOCK_EVENT_TYPE = {
  /** The clock starts (e.g. 受理): the start day does not count. */
  start: 'start',
  /** The clock is suspended (中止) for a recorded reason and legal basis. */
  pause: 'pause',
  /** The suspension ends (e.g. 补正材料收齐, 鉴定结论作出). */
  resume: 'resume',
  /** The clock ends (办结, 终止); allowed while running or paused. */
  stop: 'stop',
} as const;

/** A kind of clock event. */
export type ClockEventType = (typeof CLOCK_EVENT_TYPE)[keyof typeof CLOCK_EVENT_TYPE];

/** The clock starts at `at`. */
export interface ClockStartEvent {
  readonly type: 'start';
  readonly at: Date;
}

/** The clock is suspended at `at`. */
export interface ClockPauseEvent {
  readonly type: 'pause';
  readonly at: Date;
  /** Why, e.g. `补正材料`, `劳动能力鉴定`, `等待司法机关结论`. */
  readonly reason: string;
  /** The legal basis, e.g. `《工伤保险条例》第二十条第三款`. */
  readonly basis: string;
}

/** The suspension ends at `at`. */
export interface ClockResumeEvent {
  readonly type: 'resume';
  readonly at: Date;
}

/** The clock ends at `at`. */
export interface ClockStopEvent {
  readonly type: 'stop';
  readonly at: Date;
}

/** One clock event. A clock is derived from the ordered list of its events, never stored. */
export type ClockEvent = ClockStartEvent | ClockPauseEvent | ClockResumeEvent | ClockStopEvent;

/** Constructors of clock events. */
export const clockEvent = {
  /** A start at `at`. */
  start: (at: Date): ClockStartEvent => ({ type: 'start', at }),
  /** A pause at `at` with its reason and legal basis. */
  pause: (at: Date, reason: string, basis: string): ClockPauseEvent => ({ type: 'pause', at, reason, basis }),
  /** A resume at `at`. */
  resume: (at: Date): ClockResumeEvent => ({ type: 'resume', at }),
  /** A stop at `at`. */
  stop: (at: Date): ClockStopEvent => ({ type: 'stop', at }),
} as const;

/** States of a clock. */
export const CLOCK_STATE = {
  /** No start event yet (as of now). */
  notStarted: 'not_started',
  /** Counting. */
  running: 'running',
  /** Suspended (中止): no day counts until the resume. */
  paused: 'paused',
  /** Ended; evaluated at the stop date. */
  stopped: 'stopped',
} as const;

/** A state of a clock. */
export type ClockState = (typeof CLOCK_STATE)[keyof typeof CLOCK_STATE];

/** One pause of a clock as evaluated. */
export interface ClockPause {
  /** Business date the pause began (P); the clock still counted this day. */
  readonly from: BusinessDate;
  /** Business date it ended (R: resume, or stop while paused); absent while still open. */
  readonly to?: BusinessDate;
  /** Instant of the pause event. */
  readonly pausedAt: Date;
  /** Instant of the event that ended it; absent while still open. */
  readonly endedAt?: Date;
  /** Why the clock was suspended. */
  readonly reason: string;
  /** The legal basis of the suspension. */
  readonly basis: string;
  /**
   * Counting days excluded by the pause, `units(from, to)` (to today while open): the days in (from, to] that
   * would otherwise have counted.
   */
  readonly units: number;
  /** True when the pause began after the deadline: it excludes its days from use but does not extend anything. */
  readonly startedOverdue: boolean;
}

/** A clock evaluated at an instant. */
export interface ClockStatus {
  readonly state: ClockState;
  /** The limit evaluated. */
  readonly limit: ClockLimit;
  /** The date evaluated: today's business date, or the stop date of a stopped clock. */
  readonly asOf: BusinessDate;
  /** Business date of the start event (does not count); null when not started. */
  readonly startDate: BusinessDate | null;
  /**
   * The last day of the period (in time until 24:00 that day); null when not started. While paused, the
   * deadline as if the clock were resumed today.
   */
  readonly deadline: BusinessDate | null;
  /** Units used up to `asOf` (see the module notes). */
  readonly usedUnits: number;
  /** `limit.amount − usedUnits`: negative when overdue by at least one counting day. */
  readonly remainingUnits: number;
  /** Sum of the pauses' units. */
  readonly totalPausedUnits: number;
  /** The pauses in order. */
  readonly pauses: readonly ClockPause[];
  /** Units of use from which `warning` is raised: ⌈warnAtShare × amount⌉. */
  readonly warnAtUnits: number;
  /** Running or paused, not overdue, and `usedUnits ≥ warnAtUnits`. */
  readonly warning: boolean;
  /** `asOf` is after the deadline (for a stopped clock: it stopped late). */
  readonly overdue: boolean;
  /** Business date of the stop event; only when stopped. */
  readonly stoppedOn?: BusinessDate;
  /** Whether the clock stopped on or before the deadline; only when stopped. */
  readonly stoppedOnTime?: boolean;
  /**
   * Years whose holiday notice is not loaded and that the answer took from an estimate (see the module notes):
   * the deadline (and use) are 「预计」 while this is not empty. Empty when not started.
   */
  readonly provisionalYears: readonly number[];
}

/** Options of {@link evaluateClock}. */
export interface EvaluateClockOptions {
  /** Share of the limit used from which `warning` is raised, in [0, 1]; default 0.8. */
  readonly warnAtShare?: number;
}

/** The default share of the limit used from which a clock warns. */
export const DEFAULT_WARN_AT_SHARE = 0.8;

/**
 * Checks a clock event sequence and returns the state after its last event (`not_started` for none).
 *
 * Throws DomainError CLOCK_EVENT_INVALID (details `{ index, type, state }` plus specifics) unless: every event
 * has a known type and a valid Date; the first event is a start and there is only one; a pause comes only while
 * running and carries a non-empty reason and basis; a resume only while paused; a stop only while running or
 * paused; nothing follows a stop; and times never decrease.
 */
export function validateClockEvents(events: readonly ClockEvent[]): ClockState {
  let state: ClockState = CLOCK_STATE.notStarted;
  let previous: Date | undefined;
  for (const [index, event] of events.entries()) {
    const fail = (message: string, extra: Record<string, unknown> = {}): never => {
      throw new DomainError('CLOCK_EVENT_INVALID', `计时事件无效（第 ${index + 1} 个）：${message}`, {
        index,
        type: (event as { type?: unknown } | null)?.type,
        state,
        ...extra,
      });
    };
    if (typeof event !== 'object' || event === null) fail('事件应为对象');
    if (!(event.at instanceof Date) || !Number.isFinite(event.at.getTime())) fail('时间无效');
    if (previous && event.at.getTime() < previous.getTime()) {
      fail('时间早于前一个事件', { at: event.at.toISOString(), previousAt: previous.toISOString() });
    }
    if (state === CLOCK_STATE.stopped) fail('计时已结束，不能再有事件');
    switch (event.type) {
      case 'start':
        if (state !== CLOCK_STATE.notStarted) fail('计时已开始，不能重复开始');
        state = CLOCK_STATE.running;
        break;
      case 'pause':
        if (state !== CLOCK_STATE.running) fail(state === CLOCK_STATE.paused ? '计时已中止' : '计时尚未开始');
        if (typeof event.reason !== 'string' || event.reason.trim() === '') fail('中止须写明事由');
        if (typeof event.basis !== 'string' || event.basis.trim() === '') fail('中止须写明法律依据');
        state = CLOCK_STATE.paused;
        break;
      case 'resume':
        if (state !== CLOCK_STATE.paused) fail('只有中止中的计时才能恢复');
        state = CLOCK_STATE.running;
        break;
      case 'stop':
        if (state === CLOCK_STATE.notStarted) fail('计时尚未开始');
        state = CLOCK_STATE.stopped;
        break;
      default:
        fail('未知的事件类型');
    }
    previous = event.at;
  }
  return state;
}

/** Counting operations for one unit. */
interface UnitOps {
  /** Counting days in (a, b], for a ≤ b. */
  count(a: BusinessDate, b: BusinessDate): number;
  /** The day `n` counting days after `a` (not counting `a`). */
  add(a: BusinessDate, n: number): BusinessDate;
}

function unitOps(unit: TimeLimitUnit, calendar: WorkingCalendar): UnitOps {
  return unit === TIME_LIMIT_UNIT.workingDays
    ? { count: (a, b) => calendar.countWorkingDays(a, b), add: (a, n) => calendar.addWorkingDays(a, n) }
    : { count: daysBetween, add: addDays };
}

/** A pause with its end date resolved (to today for an open pause). */
interface Span {
  readonly from: BusinessDate;
  readonly to: BusinessDate;
}

/**
 * Evaluates a clock at `now`. Only the events at or before `now` are applied, so the clock can be read as it was
 * at any past instant; the whole list is validated first ({@link validateClockEvents}).
 *
 * See the module notes for the counting rule. While paused, the deadline is the one the clock would have if it
 * were resumed today, and `state` is `paused`. `overdue` is `asOf > deadline` (running, paused, or — for a
 * stopped clock — stopped after the deadline, with `stoppedOnTime: false`).
 *
 * Throws CLOCK_LIMIT_INVALID for a limit that is not a positive whole number of a known unit,
 * CLOCK_ARGUMENT_INVALID for an invalid `now` or a `warnAtShare` outside [0, 1], CLOCK_EVENT_INVALID for an
 * invalid sequence, and the calendar's CALENDAR_YEAR_NOT_COVERED when a date involved is in a year without
 * working-calendar data.
 */
export function evaluateClock(
  events: readonly ClockEvent[],
  limit: ClockLimit,
  calendar: WorkingCalendar,
  now: Date,
  opts: EvaluateClockOptions = {},
): ClockStatus {
  checkLimit(limit);
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) {
    throw new DomainError('CLOCK_ARGUMENT_INVALID', '当前时间无效', { now: String(now) });
  }
  const share = opts.warnAtShare ?? DEFAULT_WARN_AT_SHARE;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1)) {
    throw new DomainError('CLOCK_ARGUMENT_INVALID', `预警比例应在 0 到 1 之间：${share}`, {
      warnAtShare: share,
    });
  }
  validateClockEvents(events);

  const amount = limit.amount;
  // A tolerance so that e.g. 0.7 × 10 = 7.000000000000001 still warns at 7.
  const warnAtUnits = Math.max(0, Math.ceil(share * amount - 1e-9));
  const today = shanghaiDate(now);
  const applied = events.filter((e) => e.at.getTime() <= now.getTime());
  const first = applied[0];
  if (!first) {
    return {
      state: CLOCK_STATE.notStarted,
      limit,
      asOf: today,
      startDate: null,
      deadline: null,
      usedUnits: 0,
      remainingUnits: amount,
      totalPausedUnits: 0,
      pauses: [],
      warnAtUnits,
      warning: false,
      overdue: false,
      provisionalYears: [],
    };
  }

  const startDate = shanghaiDate(first.at);
  const last = applied[applied.length - 1]!;
  const state = stateOf(last);
  const asOf = state === CLOCK_STATE.stopped ? shanghaiDate(last.at) : today;
  const ops = unitOps(limit.unit, calendar);

  // Pauses with their end dates: the resume, the stop that ended them, or today for an open pause.
  const open: { event: ClockPauseEvent; endedAt?: Date }[] = [];
  for (const e of applied) {
    if (e.type === 'pause') open.push({ event: e });
    else if (
      (e.type === 'resume' || e.type === 'stop') &&
      open.length > 0 &&
      !open[open.length - 1]!.endedAt
    ) {
      open[open.length - 1]!.endedAt = e.at;
    }
  }
  const spans: Span[] = open.map((p) => ({
    from: shanghaiDate(p.event.at),
    to: p.endedAt ? shanghaiDate(p.endedAt) : asOf,
  }));

  const { deadline, extending } = deadlineOf(startDate, amount, spans, ops, calendar);
  const used =
    asOf <= deadline
      ? Math.min(unpausedUnits(startDate, asOf, spans, ops), amount)
      : amount + unpausedUnits(deadline, asOf, spans, ops);
  const pauses: ClockPause[] = open.map((p, i) => {
    const span = spans[i]!;
    return {
      from: span.from,
      ...(p.endedAt ? { to: span.to, endedAt: p.endedAt } : {}),
      pausedAt: p.event.at,
      reason: p.event.reason,
      basis: p.event.basis,
      units: ops.count(span.from, span.to),
      startedOverdue: i >= extending,
    };
  });
  const overdue = asOf > deadline;
  const live = state === CLOCK_STATE.running || state === CLOCK_STATE.paused;
  const provisionalYears =
    limit.unit === TIME_LIMIT_UNIT.workingDays
      ? calendar.provisionalYearsBetween(startDate, deadline)
      : calendar.provisionalYearsBetween(maxDate(startDate, addDays(deadline, -14)), deadline);
  return {
    state,
    limit,
    asOf,
    startDate,
    deadline,
    usedUnits: used,
    remainingUnits: amount - used,
    totalPausedUnits: pauses.reduce((sum, p) => sum + p.units, 0),
    pauses,
    warnAtUnits,
    warning: live && !overdue && used >= warnAtUnits,
    overdue,
    ...(state === CLOCK_STATE.stopped ? { stoppedOn: asOf, stoppedOnTime: !overdue } : {}),
    provisionalYears,
  };
}

function maxDate(a: BusinessDate, b: BusinessDate): BusinessDate {
  return a > b ? a : b;
}

/**
 * Why a clock's answer is 「预计」, in Chinese, or undefined when it rests on notices alone: names the years and
 * what the estimate leaves out.
 */
export function provisionalNote(clock: Pick<ClockStatus, 'provisionalYears'>): string | undefined {
  const years = clock.provisionalYears;
  if (years.length === 0) return undefined;
  return `预计：${years.join('、')} 年国务院办公厅节假日安排通知尚未导入，按法定节假日（含补假）和周末推算，未含调休；通知导入后自动重新计算`;
}

/**
 * The deadline day of a limit that starts at `start` and never pauses (a follow-up task, a stage limit):
 * the same counting as a case's clock (working days by the calendar; calendar days moved off a holiday).
 */
export function deadlineFrom(start: Date, limit: ClockLimit, calendar: WorkingCalendar): BusinessDate {
  return deadlineWithProvenance(start, limit, calendar).deadline;
}

/** {@link deadlineFrom} with whether the day is 「预计」 (an estimated year was used). */
export function deadlineWithProvenance(
  start: Date,
  limit: ClockLimit,
  calendar: WorkingCalendar,
): { deadline: BusinessDate; provisional: boolean } {
  const c = evaluateClock([clockEvent.start(start)], limit, calendar, start);
  return { deadline: c.deadline!, provisional: c.provisionalYears.length > 0 };
}

/**
 * The instant the deadline day ends in Shanghai: 00:00 +08:00 of the next day. An act strictly before it is in
 * time. Suited to an indexed timestamp column for "due before" queries.
 */
export function deadlineInstant(deadline: BusinessDate): Date {
  return startOfShanghaiDay(addDays(deadline, 1));
}

function checkLimit(limit: ClockLimit): void {
  const ok =
    typeof limit === 'object' &&
    limit !== null &&
    (limit.unit === TIME_LIMIT_UNIT.workingDays || limit.unit === TIME_LIMIT_UNIT.calendarDays) &&
    Number.isSafeInteger(limit.amount) &&
    limit.amount >= 1;
  if (!ok) {
    throw new DomainError('CLOCK_LIMIT_INVALID', '时限应为正整数个工作日或日', {
      amount: (limit as { amount?: unknown } | null)?.amount,
      unit: (limit as { unit?: unknown } | null)?.unit,
    });
  }
}

function stateOf(last: ClockEvent): ClockState {
  switch (last.type) {
    case 'start':
    case 'resume':
      return CLOCK_STATE.running;
    case 'pause':
      return CLOCK_STATE.paused;
    case 'stop':
      return CLOCK_STATE.stopped;
  }
}

/**
 * The deadline by sub-periods: remaining units `r` restart from each resumption date, and the end is moved to a
 * working day (民法典 §203). `extending` is the number of leading pauses that began on or before the deadline
 * as it stood; later pauses began after it and extend nothing.
 */
function deadlineOf(
  startDate: BusinessDate,
  amount: number,
  spans: readonly Span[],
  ops: UnitOps,
  calendar: WorkingCalendar,
): { deadline: BusinessDate; extending: number } {
  let anchor = startDate;
  let remaining = amount;
  let extending = 0;
  for (const span of spans) {
    const current = calendar.addWorkingDays(ops.add(anchor, remaining), 0);
    if (span.from > current) break;
    remaining -= Math.min(ops.count(anchor, span.from), remaining);
    anchor = span.to;
    extending++;
  }
  return { deadline: calendar.addWorkingDays(ops.add(anchor, remaining), 0), extending };
}

/** Counting days in (from, to] outside every pause span (P, R]; 0 when `to ≤ from`. */
function unpausedUnits(from: BusinessDate, to: BusinessDate, spans: readonly Span[], ops: UnitOps): number {
  if (to <= from) return 0;
  let units = ops.count(from, to);
  for (const span of spans) {
    const a = span.from > from ? span.from : from;
    const b = span.to < to ? span.to : to;
    if (a < b) units -= ops.count(a, b);
  }
  return units;
}
