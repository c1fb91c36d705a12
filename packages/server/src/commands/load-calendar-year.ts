/**
 * 导入年度工作日历: an administrator loads a year's holiday and 调休 arrangement from the State Council's notice
 * (e.g. 2027). The year is validated against the 放假办法 in force (`validateNoticeYear`: every statutory day off,
 * the notice named …), stored with an audit row, activated, and every open clock it can change is recomputed
 * with the change recorded on its case (`recomputeClocks`). A dry run validates and previews those changes
 * without writing anything.
 */

import { appendAudit, upsertCalendarYear } from '@renshe/db';
import { chineseDaysAlmanac } from '@renshe/domain/calendar/chinese-days-source.ts';
import { type NoticeYearInput, validateNoticeYear } from '@renshe/domain/calendar/notice-year.ts';
import { auditEntry, type CommandContext } from '../context.ts';
import { type RecomputeRun, recomputeClocks } from './recompute-clocks.ts';

/** What loading (or previewing) a year did. */
export interface LoadYearResult {
  /** Years with official data after the load. */
  coveredYears: number[];
  /** Years still answered from an estimate (「预计」). */
  provisionalYears: number[];
  /** True when nothing was written (preview). */
  dryRun: boolean;
  /** Open cases whose clock changed (or would change). */
  recompute: RecomputeRun;
}

/** Validates, stores and activates a calendar year, then recomputes the open clocks it changes. */
export async function loadCalendarYear(
  ctx: CommandContext,
  input: NoticeYearInput,
  opts: { dryRun?: boolean } = {},
): Promise<LoadYearResult> {
  const data = validateNoticeYear(input, chineseDaysAlmanac); // CALENDAR_YEAR_INVALID naming every problem
  const next = ctx.calendar.current.withYear(data);
  const years = { coveredYears: next.coveredYears(), provisionalYears: next.provisionalYears() };
  if (opts.dryRun) {
    const recompute = await recomputeClocks(ctx, {
      year: data.year,
      source: data.source,
      dryRun: { calendar: next },
    });
    return { ...years, dryRun: true, recompute };
  }
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
  const recompute = await recomputeClocks(ctx, { year: data.year, source: data.source });
  return { ...years, dryRun: false, recompute };
}
