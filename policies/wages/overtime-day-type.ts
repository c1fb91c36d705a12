/**
 * Maps a calendar date to the day type the overtime rule (wages.overtime_pay) takes as input. Rules are pure and
 * never read the calendar themselves: the caller looks the date up here and passes the result.
 *
 * - 法定节假日当日 (`statutory_holiday`) → `statutory_holiday` (300%);
 * - 普通周末 (`weekend`) and 调休休息日 (`rest_day`) → `rest_day` (200%). A 调休 rest day is a 休息日 moved into the
 *   holiday period, not a 法定休假日 (劳动法 §44 distinguishes 休息日 from 法定休假日), so it is paid 200%, not 300%;
 * - 工作日 (`workday`) and 调休上班日 (`makeup_workday`) → `workday` (150% for hours beyond the normal day).
 *
 * Throws the calendar's CALENDAR_YEAR_NOT_COVERED for a year without holiday data, and CALENDAR_YEAR_PROVISIONAL
 * for a year the calendar only estimates (no State Council notice loaded): a deadline may be shown as 「预计」,
 * money is never computed from a guess of which weekend days are worked.
 */

import type { DayKind, WorkingCalendar } from '@renshe/domain/calendar/index.ts';
import type { BusinessDate } from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';

/** The `dayType` enum of wages.overtime_pay. */
export type OvertimeDayType = 'workday' | 'rest_day' | 'statutory_holiday';

const BY_KIND: Readonly<Record<DayKind, OvertimeDayType>> = {
  workday: 'workday',
  makeup_workday: 'workday',
  weekend: 'rest_day',
  rest_day: 'rest_day',
  statutory_holiday: 'statutory_holiday',
};

/** The overtime day type of `date` in `calendar`. */
export function overtimeDayType(calendar: WorkingCalendar, date: BusinessDate): OvertimeDayType {
  const kind = calendar.dayKind(date);
  const year = Number(date.slice(0, 4));
  if (calendar.isProvisional(year)) {
    throw new DomainError(
      'CALENDAR_YEAR_PROVISIONAL',
      `${year} 年国务院办公厅节假日安排通知尚未导入，${date} 是否调休上班尚不确定，不能据此计算加班工资`,
      { year, date },
    );
  }
  return BY_KIND[kind];
}
