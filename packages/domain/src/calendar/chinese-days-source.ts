/**
 * The bundled calendar data: chinese-days 1.5.7 (vsme/chinese-days, MIT), which transcribes the State Council's
 * yearly holiday notices for 2004–2026, plus the statutory days computed by `statutory-holidays.ts`.
 *
 * This is the only module that imports chinese-days. It reads the package's raw JSON (`holidays`, `workdays`)
 * rather than its query functions, because those format dates with the host's local-time getters. Its lunar
 * calendar and solar-term helpers are wrapped in {@link chineseDaysAlmanac}, which is independent of the host
 * time zone.
 */
import chineseDays from 'chinese-days';
import rawData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { type BusinessDate, fromEpochDay, toEpochDay } from '../dates.ts';
import corrections from './calendar-corrections.json' with { type: 'json' };
import { type CalendarYearData, parseCalendarYearData } from './calendar-year.ts';
import { type LunisolarAlmanac, statutoryHolidayDays } from './statutory-holidays.ts';

/** The chinese-days release the bundled data comes from. */
export const CHINESE_DAYS_VERSION = '1.5.7';

/** Shape of chinese-days' `dist/chinese-days.json`: date → "English,中文,days" for each kind of day. */
interface ChineseDaysRaw {
  /** Every day off in a holiday period, including 调休 rest days and weekend days. */
  readonly holidays: Readonly<Record<string, string>>;
  /** Weekend days that are working days (调休上班). */
  readonly workdays: Readonly<Record<string, string>>;
  /** Weekdays taken off in exchange for a makeup workday (a subset of `holidays`). */
  readonly inLieuDays: Readonly<Record<string, string>>;
}

const RAW: ChineseDaysRaw = rawData;

/** URLs of the State Council notices whose 调休 days were checked against chinese-days (domain reference §5). */
const NOTICE_URLS: Readonly<Record<number, string>> = Object.freeze({
  2023: 'https://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm',
  2024: 'https://www.gov.cn/zhengce/content/202310/content_6911527.htm',
  2025: '国办发明电〔2024〕12号，https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
  2026: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
});

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant read with the host's local-time getters, as chinese-days formats dates. */
function localFormat(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * chinese-days builds a computed date at UTC midnight and then formats it with local getters, so a host west of
 * UTC sees the previous day. Recover the intended date: the one whose UTC midnight formats locally as `formatted`.
 */
function fromLocallyFormattedUtcMidnight(formatted: string): BusinessDate {
  const day = toEpochDay(formatted);
  for (const candidate of [day, day + 1]) {
    if (localFormat(new Date(candidate * DAY_MS)) === formatted) return fromEpochDay(candidate);
  }
  throw new Error(`chinese-days returned an unexpected date: ${formatted}`);
}

/**
 * Lunar dates and the 清明 solar term from chinese-days (lunar table 1900–2100, solar terms by the 寿星 formula
 * with the package's correction table). Independent of the host time zone: `getLunarDate` is fed a
 * `YYYY-MM-DD` string, which it parses as UTC and measures in whole days, and the solar-term date is corrected
 * for local formatting.
 */
export const chineseDaysAlmanac: LunisolarAlmanac = Object.freeze({
  lunarDate(date: BusinessDate) {
    toEpochDay(date);
    const l = chineseDays.getLunarDate(date);
    return { lunarYear: l.lunarYear, month: l.lunarMon, day: l.lunarDay, isLeapMonth: l.isLeap };
  },
  qingming(year: number) {
    return fromLocallyFormattedUtcMidnight(chineseDays.getSolarTermDate(year, 4, 'pure_brightness'));
  },
});

/** Years covered by the bundled chinese-days data, ascending (2004–2026 for 1.5.7). */
export function chineseDaysCoveredYears(): number[] {
  const years = new Set<number>();
  for (const date of Object.keys(RAW.holidays)) years.add(Number(date.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}

/** One correction over chinese-days' data, from the notice that arranged the day (`calendar-corrections.json`). */
export interface CalendarCorrection {
  /** The day corrected. */
  readonly date: BusinessDate;
  /** What the notice made it: a weekend day worked (调休上班), or a day off inside a holiday period. */
  readonly kind: 'makeup_workday' | 'rest_day';
  /** The notice's title. */
  readonly notice: string;
  /** The notice's document number (文号). */
  readonly number: string;
  /** The notice's sentence that fixes the day. */
  readonly sentence: string;
  /** What chinese-days has instead. */
  readonly why: string;
}

/** The corrections applied to chinese-days' data, in date order. */
export const CALENDAR_CORRECTIONS: readonly CalendarCorrection[] = Object.freeze(
  (corrections.corrections as CalendarCorrection[]).slice().sort((a, b) => (a.date < b.date ? -1 : 1)),
);

/**
 * The bundled calendar: one validated {@link CalendarYearData} per year 2004–2026. `restDays` are all of
 * chinese-days' holiday dates in the year, `makeupWorkdays` its workday dates, both with
 * {@link CALENDAR_CORRECTIONS} applied (each cited in the year's `source`), `statutoryHolidays` computed from
 * 《全国年节及纪念日放假办法》. Validation (CALENDAR_YEAR_INVALID) also proves every computed statutory day is a rest
 * day or a weekend in chinese-days' data.
 */
export function chineseDaysCalendarYears(): CalendarYearData[] {
  const rest = new Set(Object.keys(RAW.holidays));
  const makeup = new Set(Object.keys(RAW.workdays));
  for (const c of CALENDAR_CORRECTIONS) {
    if (c.kind === 'makeup_workday') {
      rest.delete(c.date);
      makeup.add(c.date);
    } else {
      makeup.delete(c.date);
      rest.add(c.date);
    }
  }
  const restByYear = groupByYear([...rest]);
  const makeupByYear = groupByYear([...makeup]);
  return chineseDaysCoveredYears().map((year) => {
    const { version, days } = statutoryHolidayDays(year, chineseDaysAlmanac);
    const notice = NOTICE_URLS[year];
    const corrected = CALENDAR_CORRECTIONS.filter((c) => c.date.startsWith(`${year}-`));
    return parseCalendarYearData({
      year,
      restDays: restByYear.get(year) ?? [],
      makeupWorkdays: makeupByYear.get(year) ?? [],
      statutoryHolidays: days.map((d) => d.date),
      source:
        `chinese-days@${CHINESE_DAYS_VERSION} dist/chinese-days.json（https://github.com/vsme/chinese-days），` +
        `转录自《国务院办公厅关于${year}年部分节假日安排的通知》${notice ? `（${notice}）` : ''}；` +
        `法定节假日依${version.citation}计算` +
        corrected.map((c) => `；更正 ${c.date}：${c.notice}（${c.number}）「${c.sentence}」`).join(''),
    });
  });
}

function groupByYear(dates: readonly string[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const date of [...dates].sort()) {
    const year = Number(date.slice(0, 4));
    const list = out.get(year);
    if (list) list.push(date);
    else out.set(year, [date]);
  }
  return out;
}
