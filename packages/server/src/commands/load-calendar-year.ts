/** 导入年度工作日历: an administrator loads a year's holiday and 调休 data (e.g. 2027) as data. */

import { appendAudit, upsertCalendarYear } from '@renshe/db';
import { parseCalendarYearData } from '@renshe/domain/calendar/calendar-year.ts';
import { auditEntry, type CommandContext } from '../context.ts';

/** Validates, stores and activates a calendar year. */
export async function loadCalendarYear(
  ctx: CommandContext,
  input: unknown,
): Promise<{ coveredYears: number[] }> {
  const data = parseCalendarYearData(input); // throws CALENDAR_YEAR_INVALID naming every problem
  const next = ctx.calendar.current.withYear(data);
  await ctx.db.transaction().execute(async (trx) => {
    await upsertCalendarYear(trx, data.year, data, ctx.actor.id ?? 'system');
    await appendAudit(
      trx,
      auditEntry(
        ctx,
        'calendar.load_year',
        { type: 'calendar_year', id: String(data.year), regionCode: null },
        {
          restDays: data.restDays.length,
          makeupWorkdays: data.makeupWorkdays.length,
          statutoryHolidays: data.statutoryHolidays.length,
          source: data.source,
        },
      ),
    );
  });
  ctx.calendar.replace(next);
  return { coveredYears: next.coveredYears() };
}
