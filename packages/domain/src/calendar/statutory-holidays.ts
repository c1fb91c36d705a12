/**
 * 法定节假日 (the statutory days themselves, e.g. for 300% overtime pay under 劳动法 §44(3)) computed from the
 * rules of 《全国年节及纪念日放假办法》, version by version.
 *
 * The State Council's yearly notice only arranges 调休 around these days; which days are statutory follows from
 * the 办法 alone. Lunar dates and the 清明 solar term come from a {@link LunisolarAlmanac} that the caller
 * passes in (see `chineseDaysAlmanac` in `chinese-days-source.ts`), so this module is pure and does not depend on
 * any calendar package.
 */
import { type BusinessDate, fromEpochDay, toEpochDay } from '../dates.ts';
import { DomainError } from '../errors.ts';

/** A lunar date as an almanac reports it for one Gregorian day. */
export interface LunarDate {
  /** The lunar year (农历年) the day belongs to, named by the Gregorian year in which it begins. */
  readonly lunarYear: number;
  /** Lunar month 1–12 (for a leap month, the month it repeats). */
  readonly month: number;
  /** Day of the lunar month, 1–30. */
  readonly day: number;
  /** True inside a leap month (闰月). */
  readonly isLeapMonth: boolean;
}

/** The lunisolar facts the statutory rules need. Implementations must not depend on the host time zone. */
export interface LunisolarAlmanac {
  /** The lunar date of a business date. */
  lunarDate(date: BusinessDate): LunarDate;
  /** The Gregorian date of the 清明 solar term in `year` (4 April ± 1). */
  qingming(year: number): BusinessDate;
}

/** The statutory holidays of 《全国年节及纪念日放假办法》 §2 (全体公民放假的节日). */
export type StatutoryHolidayName =
  | 'new_year'
  | 'spring_festival'
  | 'qingming'
  | 'labour_day'
  | 'dragon_boat'
  | 'mid_autumn'
  | 'national_day';

/** Chinese names of the statutory holidays. */
export const STATUTORY_HOLIDAY_NAMES_ZH: Readonly<Record<StatutoryHolidayName, string>> = Object.freeze({
  new_year: '元旦',
  spring_festival: '春节',
  qingming: '清明节',
  labour_day: '劳动节',
  dragon_boat: '端午节',
  mid_autumn: '中秋节',
  national_day: '国庆节',
});

/** How one statutory day is fixed: a Gregorian date, a lunar date, 除夕, or the 清明 solar term. */
export type StatutoryDayRule =
  | { readonly kind: 'solar'; readonly month: number; readonly day: number }
  | { readonly kind: 'lunar'; readonly month: number; readonly day: number }
  | { readonly kind: 'lunar_new_year_eve' }
  | { readonly kind: 'qingming' };

/** One version of 《全国年节及纪念日放假办法》 as it applies to whole calendar years. */
export interface StatutoryRuleVersion {
  /** Stable identifier of the version. */
  readonly id: 'gwyl-270-1999' | 'gwyl-513-2007' | 'gwyl-644-2013' | 'gwyl-798-2024';
  /** First calendar year the version governs. */
  readonly fromYear: number;
  /** Last calendar year the version governs, or null while it is in force. */
  readonly toYear: number | null;
  /** Citation of the regulation. */
  readonly citation: string;
  /** Statutory days per year under this version. */
  readonly daysPerYear: number;
  /** The days of each holiday, in the order the 办法 lists them. */
  readonly holidays: readonly {
    readonly holiday: StatutoryHolidayName;
    readonly days: readonly StatutoryDayRule[];
  }[];
}

const solar = (month: number, day: number): StatutoryDayRule => ({ kind: 'solar', month, day });
const lunar = (month: number, day: number): StatutoryDayRule => ({ kind: 'lunar', month, day });
const EVE: StatutoryDayRule = { kind: 'lunar_new_year_eve' };
const QINGMING: StatutoryDayRule = { kind: 'qingming' };

/**
 * The versions of 《全国年节及纪念日放假办法》 in force since 2000, oldest first. Each covers whole years
 * (the 2007, 2013 and 2024 revisions each took effect on 1 January of the following year; the 1999 version,
 * in force from 1999-09-18, is applied here from 2000).
 */
export const STATUTORY_RULE_VERSIONS: readonly StatutoryRuleVersion[] = Object.freeze([
  {
    id: 'gwyl-270-1999',
    fromYear: 2000,
    toYear: 2007,
    citation: '《全国年节及纪念日放假办法》（1999年9月18日国务院令第270号修订）',
    daysPerYear: 10,
    holidays: [
      { holiday: 'new_year', days: [solar(1, 1)] },
      { holiday: 'spring_festival', days: [lunar(1, 1), lunar(1, 2), lunar(1, 3)] },
      { holiday: 'labour_day', days: [solar(5, 1), solar(5, 2), solar(5, 3)] },
      { holiday: 'national_day', days: [solar(10, 1), solar(10, 2), solar(10, 3)] },
    ],
  },
  {
    id: 'gwyl-513-2007',
    fromYear: 2008,
    toYear: 2013,
    citation: '《全国年节及纪念日放假办法》（2007年12月14日国务院令第513号修订，2008年1月1日起施行）',
    daysPerYear: 11,
    holidays: [
      { holiday: 'new_year', days: [solar(1, 1)] },
      { holiday: 'spring_festival', days: [EVE, lunar(1, 1), lunar(1, 2)] },
      { holiday: 'qingming', days: [QINGMING] },
      { holiday: 'labour_day', days: [solar(5, 1)] },
      { holiday: 'dragon_boat', days: [lunar(5, 5)] },
      { holiday: 'mid_autumn', days: [lunar(8, 15)] },
      { holiday: 'national_day', days: [solar(10, 1), solar(10, 2), solar(10, 3)] },
    ],
  },
  {
    id: 'gwyl-644-2013',
    fromYear: 2014,
    toYear: 2024,
    citation: '《全国年节及纪念日放假办法》（2013年12月11日国务院令第644号修订，2014年1月1日起施行）',
    daysPerYear: 11,
    holidays: [
      { holiday: 'new_year', days: [solar(1, 1)] },
      { holiday: 'spring_festival', days: [lunar(1, 1), lunar(1, 2), lunar(1, 3)] },
      { holiday: 'qingming', days: [QINGMING] },
      { holiday: 'labour_day', days: [solar(5, 1)] },
      { holiday: 'dragon_boat', days: [lunar(5, 5)] },
      { holiday: 'mid_autumn', days: [lunar(8, 15)] },
      { holiday: 'national_day', days: [solar(10, 1), solar(10, 2), solar(10, 3)] },
    ],
  },
  {
    id: 'gwyl-798-2024',
    fromYear: 2025,
    toYear: null,
    citation: '《全国年节及纪念日放假办法》（2024年11月10日国务院令第798号修订，2025年1月1日起施行）',
    daysPerYear: 13,
    holidays: [
      { holiday: 'new_year', days: [solar(1, 1)] },
      { holiday: 'spring_festival', days: [EVE, lunar(1, 1), lunar(1, 2), lunar(1, 3)] },
      { holiday: 'qingming', days: [QINGMING] },
      { holiday: 'labour_day', days: [solar(5, 1), solar(5, 2)] },
      { holiday: 'dragon_boat', days: [lunar(5, 5)] },
      { holiday: 'mid_autumn', days: [lunar(8, 15)] },
      { holiday: 'national_day', days: [solar(10, 1), solar(10, 2), solar(10, 3)] },
    ],
  },
] satisfies StatutoryRuleVersion[]);

/** First year the rules here can compute (the 1999 version's first full year). */
export const STATUTORY_RULES_FIRST_YEAR = 2000;
/** Last year the rules here compute (lunar tables of common almanacs end in 2100). */
export const STATUTORY_RULES_LAST_YEAR = 2099;

/** The version of the 办法 that governs `year`; throws STATUTORY_RULES_YEAR_UNSUPPORTED outside 2000–2099. */
export function statutoryRuleVersion(year: number): StatutoryRuleVersion {
  if (Number.isInteger(year) && year >= STATUTORY_RULES_FIRST_YEAR && year <= STATUTORY_RULES_LAST_YEAR) {
    const found = STATUTORY_RULE_VERSIONS.find(
      (v) => year >= v.fromYear && (v.toYear === null || year <= v.toYear),
    );
    if (found) return found;
  }
  throw new DomainError(
    'STATUTORY_RULES_YEAR_UNSUPPORTED',
    `无法计算 ${year} 年的法定节假日：仅支持 ${STATUTORY_RULES_FIRST_YEAR}–${STATUTORY_RULES_LAST_YEAR} 年`,
    { year, supported: [STATUTORY_RULES_FIRST_YEAR, STATUTORY_RULES_LAST_YEAR] },
  );
}

/** One statutory day with the holiday it belongs to. */
export interface StatutoryHolidayDay {
  /** The day. */
  readonly date: BusinessDate;
  /** The holiday. */
  readonly holiday: StatutoryHolidayName;
  /** Chinese name of the holiday. */
  readonly nameZh: string;
  /** Set when the lunar day coincided with another statutory day and was moved here (see below). */
  readonly movedFrom?: BusinessDate;
}

/**
 * The statutory days of `year` with their holidays, sorted by date, and the governing version.
 *
 * Coinciding holidays: the 办法 gives no rule for a lunar holiday falling on another statutory day, which happens
 * when 中秋 lands on 10月1–3日 (2009: 10-03, 2020: 10-01, 2028: 10-03). The notices for those years still granted
 * both holidays' days (国庆节、中秋节 "10月1日至8日放假调休，共8天" with two 调休 Saturdays/Sundays = 4 statutory
 * days), so here the fixed-date days keep their dates and the lunar day moves to the next day that is not yet
 * statutory (2009 and 2020: 10-04), recorded in `movedFrom`. This is an interpretation, not text of the 办法.
 */
export function statutoryHolidayDays(
  year: number,
  almanac: LunisolarAlmanac,
): { readonly version: StatutoryRuleVersion; readonly days: readonly StatutoryHolidayDay[] } {
  const version = statutoryRuleVersion(year);
  const resolved = version.holidays.flatMap(({ holiday, days: rules }) =>
    rules.map((rule) => ({ holiday, rule, date: resolveRule(year, rule, almanac) })),
  );
  const taken = new Set<BusinessDate>();
  const days: StatutoryHolidayDay[] = [];
  // Fixed Gregorian dates first, so that only movable (lunar / solar-term) days are ever moved.
  for (const fixedPass of [true, false]) {
    for (const { holiday, rule, date } of resolved) {
      if ((rule.kind === 'solar') !== fixedPass) continue;
      let day = toEpochDay(date);
      while (taken.has(fromEpochDay(day))) day++;
      const placed = fromEpochDay(day);
      if (fixedPass && placed !== date) throw almanacError(year, `${date} 重复`);
      taken.add(placed);
      const nameZh = STATUTORY_HOLIDAY_NAMES_ZH[holiday];
      days.push(
        placed === date ? { date, holiday, nameZh } : { date: placed, holiday, nameZh, movedFrom: date },
      );
    }
  }
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (days.length !== version.daysPerYear) {
    throw almanacError(year, `算得 ${days.length} 天，应为 ${version.daysPerYear} 天`);
  }
  return Object.freeze({ version, days: Object.freeze(days) });
}

/** The statutory days (法定节假日) of `year`, sorted. */
export function statutoryHolidays(year: number, almanac: LunisolarAlmanac): BusinessDate[] {
  return statutoryHolidayDays(year, almanac).days.map((d) => d.date);
}

function resolveRule(year: number, rule: StatutoryDayRule, almanac: LunisolarAlmanac): BusinessDate {
  switch (rule.kind) {
    case 'solar':
      return `${year}-${pad2(rule.month)}-${pad2(rule.day)}`;
    case 'qingming': {
      const date = almanac.qingming(year);
      if (!/^\d{4}-04-0[3-6]$/.test(date) || !date.startsWith(`${year}-`)) {
        throw almanacError(year, `清明日期不合理：${date}`);
      }
      return date;
    }
    case 'lunar_new_year_eve': {
      // 除夕 is the last day of the previous lunar year: 腊月三十 or, in a short 腊月, 廿九.
      const eve = fromEpochDay(lunarNewYear(year, almanac) - 1);
      const l = almanac.lunarDate(eve);
      if (l.lunarYear !== year - 1 || l.month !== 12 || (l.day !== 29 && l.day !== 30)) {
        throw almanacError(year, `除夕 ${eve} 的农历日期不合理`);
      }
      return eve;
    }
    case 'lunar':
      return fromEpochDay(findLunarDay(year, rule.month, rule.day, almanac));
  }
}

/** Epoch day of 正月初一 of lunar year `year` (always between 21 January and 20 February). */
function lunarNewYear(year: number, almanac: LunisolarAlmanac): number {
  return uniqueMatch(
    year,
    toEpochDay(`${year}-01-15`),
    toEpochDay(`${year}-02-25`),
    (l) => l.lunarYear === year && l.month === 1 && l.day === 1 && !l.isLeapMonth,
    almanac,
    '正月初一',
  );
}

/** Epoch day of lunar (non-leap) month/day in lunar year `year`, which must fall in Gregorian `year`. */
function findLunarDay(year: number, month: number, day: number, almanac: LunisolarAlmanac): number {
  const newYear = lunarNewYear(year, almanac);
  // Months before `month` are 29 or 30 days each, plus at most one leap month.
  const lo = newYear + (month - 1) * 29 + (day - 1);
  const hi = newYear + month * 30 + (day - 1);
  const found = uniqueMatch(
    year,
    lo,
    hi,
    (l) => l.lunarYear === year && l.month === month && l.day === day && !l.isLeapMonth,
    almanac,
    `农历${month}月${day}日`,
  );
  if (!fromEpochDay(found).startsWith(`${year}-`)) {
    throw almanacError(year, `农历${month}月${day}日不在公历 ${year} 年内`);
  }
  return found;
}

function uniqueMatch(
  year: number,
  from: number,
  to: number,
  pred: (l: LunarDate) => boolean,
  almanac: LunisolarAlmanac,
  what: string,
): number {
  let found: number | undefined;
  for (let d = from; d <= to; d++) {
    if (!pred(almanac.lunarDate(fromEpochDay(d)))) continue;
    if (found !== undefined) throw almanacError(year, `${what}出现两次`);
    found = d;
  }
  if (found === undefined) throw almanacError(year, `找不到${what}`);
  return found;
}

function almanacError(year: number, problem: string): DomainError {
  return new DomainError(
    'STATUTORY_HOLIDAY_ALMANAC_INCONSISTENT',
    `${year} 年法定节假日计算失败：${problem}`,
    {
      year,
      problem,
    },
  );
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
