/**
 * One year of the working-day calendar as an administrator enters it from the State Council's notice
 * (国务院办公厅关于××××年部分节假日安排的通知), plus the statutory days of that year.
 */
import { z } from 'zod';
import { type BusinessDate, isoWeekday, isValidDate } from '../dates.ts';
import { DomainError } from '../errors.ts';

/** One calendar year of holiday data. All dates are business dates inside `year`. */
export type CalendarYearData = {
  /** The Gregorian year. */
  year: number;
  /**
   * Every non-working day that is not an ordinary weekend: the holiday periods, including 调休 rest days. May also
   * list weekend days that lie inside a holiday period.
   */
  restDays: BusinessDate[];
  /** Saturdays and Sundays that are working days (调休上班). */
  makeupWorkdays: BusinessDate[];
  /** The 法定节假日 days themselves (for 300% overtime pay); each is a rest day or a weekend day. */
  statutoryHolidays: BusinessDate[];
  /** Citation: notice name and/or URL the data was taken from. */
  source: string;
};

/** Lowest and highest year a {@link CalendarYearData} may describe. */
export const CALENDAR_YEAR_RANGE = Object.freeze({ min: 1949, max: 2199 });

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const dateList = z.array(z.string().regex(DATE_SHAPE, '日期格式应为 YYYY-MM-DD'));

/**
 * Zod schema of {@link CalendarYearData}. Beyond the shape it checks that every date is real and inside `year`,
 * no list repeats a date, makeup workdays are Saturdays or Sundays, no day is both a rest day and a makeup
 * workday, and statutory days are rest days or weekend days (and never makeup workdays).
 * Use {@link parseCalendarYearData} to get a DomainError listing every problem.
 */
export const CalendarYearDataSchema = z
  .object({
    year: z.number().int().min(CALENDAR_YEAR_RANGE.min).max(CALENDAR_YEAR_RANGE.max),
    restDays: dateList,
    makeupWorkdays: dateList,
    statutoryHolidays: dateList,
    source: z.string().trim().min(1, '必须注明数据来源'),
  })
  .superRefine((data, ctx) => {
    const lists = ['restDays', 'makeupWorkdays', 'statutoryHolidays'] as const;
    const valid: Record<(typeof lists)[number], Set<string>> = {
      restDays: new Set(),
      makeupWorkdays: new Set(),
      statutoryHolidays: new Set(),
    };
    for (const list of lists) {
      data[list].forEach((date, i) => {
        const path = [list, i];
        if (!isValidDate(date)) {
          ctx.addIssue({ code: 'custom', path, message: `日期不存在：${date}` });
        } else if (!date.startsWith(`${data.year}-`)) {
          ctx.addIssue({ code: 'custom', path, message: `${date} 不在 ${data.year} 年内` });
        } else if (valid[list].has(date)) {
          ctx.addIssue({ code: 'custom', path, message: `${date} 重复出现` });
        } else {
          valid[list].add(date);
        }
      });
    }
    const weekend = (d: string) => isoWeekday(d) >= 6;
    data.makeupWorkdays.forEach((date, i) => {
      if (!valid.makeupWorkdays.has(date)) return;
      if (!weekend(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', i],
          message: `${date} 不是周六或周日，不能作为调休上班日`,
        });
      }
      if (valid.restDays.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', i],
          message: `${date} 同时是休息日和调休上班日`,
        });
      }
    });
    data.statutoryHolidays.forEach((date, i) => {
      if (!valid.statutoryHolidays.has(date)) return;
      if (valid.makeupWorkdays.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['statutoryHolidays', i],
          message: `法定节假日 ${date} 不能是调休上班日`,
        });
      } else if (!valid.restDays.has(date) && !weekend(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['statutoryHolidays', i],
          message: `法定节假日 ${date} 既不在休息日中，也不是周末`,
        });
      }
    });
  });

/** One problem found in a {@link CalendarYearData}: where (e.g. `makeupWorkdays[2]`) and what. */
export interface CalendarYearProblem {
  /** Dotted/bracketed path of the offending field, empty for the whole object. */
  readonly path: string;
  /** Chinese description. */
  readonly message: string;
}

/**
 * Validates `input` as a {@link CalendarYearData}. Throws DomainError `CALENDAR_YEAR_INVALID` with
 * `details: { year, problems: CalendarYearProblem[] }` listing every problem found.
 */
export function parseCalendarYearData(input: unknown): CalendarYearData {
  const result = CalendarYearDataSchema.safeParse(input);
  if (result.success) return result.data;
  const problems: CalendarYearProblem[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const year =
    typeof input === 'object' && input !== null && 'year' in input
      ? (input as { year: unknown }).year
      : undefined;
  throw calendarYearInvalid(year, problems);
}

/** The CALENDAR_YEAR_INVALID error listing every problem (`details: { year, problems }`). */
export function calendarYearInvalid(year: unknown, problems: readonly CalendarYearProblem[]): DomainError {
  return new DomainError(
    'CALENDAR_YEAR_INVALID',
    `${year ?? '未知'} 年工作日历数据无效（${problems.length} 处问题）：${problems
      .map((p) => (p.path ? `${p.path}：${p.message}` : p.message))
      .join('；')}`,
    { year, problems: [...problems] },
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}
