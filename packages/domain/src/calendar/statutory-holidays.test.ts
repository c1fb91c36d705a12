import rawData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../dates.ts';
import { isDomainError } from '../errors.ts';
import { chineseDaysAlmanac } from './chinese-days-source.ts';
import {
  STATUTORY_RULE_VERSIONS,
  statutoryHolidayDays,
  statutoryHolidays,
  statutoryRuleVersion,
} from './statutory-holidays.ts';

const raw: { holidays: Record<string, string>; workdays: Record<string, string> } = rawData;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const daysOf = (year: number) => statutoryHolidays(year, chineseDaysAlmanac);
const holidayDates = (year: number, holiday: string) =>
  statutoryHolidayDays(year, chineseDaysAlmanac)
    .days.filter((d) => d.holiday === holiday)
    .map((d) => d.date);

// 正月初一 per year, as published in the State Council notices / 紫金山天文台 almanac (independent of chinese-days).
const LUNAR_NEW_YEAR: Record<number, string> = {
  2000: '2000-02-05',
  2001: '2001-01-24',
  2002: '2002-02-12',
  2003: '2003-02-01',
  2004: '2004-01-22',
  2005: '2005-02-09',
  2006: '2006-01-29',
  2007: '2007-02-18',
  2008: '2008-02-07',
  2009: '2009-01-26',
  2010: '2010-02-14',
  2011: '2011-02-03',
  2012: '2012-01-23',
  2013: '2013-02-10',
  2014: '2014-01-31',
  2015: '2015-02-19',
  2016: '2016-02-08',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
};
// [清明, 端午 (五月初五), 中秋 (八月十五)] per year, same independent source.
const FESTIVALS: Record<number, [string, string, string]> = {
  2008: ['04-04', '06-08', '09-14'],
  2009: ['04-04', '05-28', '10-03'],
  2010: ['04-05', '06-16', '09-22'],
  2011: ['04-05', '06-06', '09-12'],
  2012: ['04-04', '06-23', '09-30'],
  2013: ['04-04', '06-12', '09-19'],
  2014: ['04-05', '06-02', '09-08'],
  2015: ['04-05', '06-20', '09-27'],
  2016: ['04-04', '06-09', '09-15'],
  2017: ['04-04', '05-30', '10-04'],
  2018: ['04-05', '06-18', '09-24'],
  2019: ['04-05', '06-07', '09-13'],
  2020: ['04-04', '06-25', '10-01'],
  2021: ['04-04', '06-14', '09-21'],
  2022: ['04-05', '06-03', '09-10'],
  2023: ['04-05', '06-22', '09-29'],
  2024: ['04-04', '06-10', '09-17'],
  2025: ['04-04', '05-31', '10-06'],
  2026: ['04-05', '06-19', '09-25'],
  2027: ['04-05', '06-09', '09-15'],
};

describe('statutoryRuleVersion', () => {
  it.each([
    [2000, 'gwyl-270-1999'],
    [2007, 'gwyl-270-1999'],
    [2008, 'gwyl-513-2007'],
    [2013, 'gwyl-513-2007'],
    [2014, 'gwyl-644-2013'],
    [2024, 'gwyl-644-2013'],
    [2025, 'gwyl-798-2024'],
    [2099, 'gwyl-798-2024'],
  ])('%i is governed by %s', (year, id) => {
    expect(statutoryRuleVersion(year).id).toBe(id);
  });

  it('every version carries a citation naming its State Council decree', () => {
    expect(STATUTORY_RULE_VERSIONS.map((v) => v.citation.match(/国务院令第\d+号/)?.[0])).toEqual([
      '国务院令第270号',
      '国务院令第513号',
      '国务院令第644号',
      '国务院令第798号',
    ]);
  });

  it.each([1999, 2100, 2024.5])('refuses %s', (year) => {
    expect(() => statutoryRuleVersion(year)).toThrow(
      expect.objectContaining({ code: 'STATUTORY_RULES_YEAR_UNSUPPORTED' }),
    );
  });
});

describe('statutoryHolidays', () => {
  it('counts 10 days in 2000–2007, 11 in 2008–2024 and 13 from 2025 (through 2099)', () => {
    for (const y of range(2000, 2007)) expect(daysOf(y), String(y)).toHaveLength(10);
    for (const y of range(2008, 2024)) expect(daysOf(y), String(y)).toHaveLength(11);
    for (const y of range(2025, 2099)) expect(daysOf(y), String(y)).toHaveLength(13);
  });

  it('lists the 2024 days (国务院令第644号: 春节 = 初一–初三)', () => {
    expect(daysOf(2024)).toEqual([
      '2024-01-01',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-04-04',
      '2024-05-01',
      '2024-06-10',
      '2024-09-17',
      '2024-10-01',
      '2024-10-02',
      '2024-10-03',
    ]);
  });

  it('lists the 2025 days (国务院令第798号: 春节 = 除夕 + 初一–初三, 劳动节 2 days)', () => {
    expect(daysOf(2025)).toEqual([
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-04',
      '2025-05-01',
      '2025-05-02',
      '2025-05-31',
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
    ]);
  });

  it('takes 除夕 as the last day of the lunar year: 2026-02-16 is 腊月廿九', () => {
    expect(holidayDates(2026, 'spring_festival')).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
    ]);
    expect(chineseDaysAlmanac.lunarDate('2026-02-16')).toEqual({
      lunarYear: 2025,
      month: 12,
      day: 29,
      isLeapMonth: false,
    });
  });

  it('includes 除夕 in 2008–2013 and from 2025, not in 2000–2007 or 2014–2024', () => {
    for (const y of range(2000, 2027)) {
      const eve = addDays(LUNAR_NEW_YEAR[y]!, -1);
      const withEve = (y >= 2008 && y <= 2013) || y >= 2025;
      expect(daysOf(y).includes(eve), String(y)).toBe(withEve);
    }
  });

  it('finds 正月初一 as published for 2000–2027', () => {
    for (const y of range(2000, 2027)) {
      const spring = holidayDates(y, 'spring_festival');
      const expected = LUNAR_NEW_YEAR[y]!;
      expect(spring, String(y)).toContain(expected);
      expect(
        spring.filter((d) => d < expected),
        String(y),
      ).toHaveLength((y >= 2008 && y <= 2013) || y >= 2025 ? 1 : 0);
    }
  });

  it('finds 清明, 端午 and 中秋 as published for 2008–2027', () => {
    for (const y of range(2008, 2027)) {
      const [qm, dw, zq] = FESTIVALS[y]!;
      expect(holidayDates(y, 'qingming'), String(y)).toEqual([`${y}-${qm}`]);
      expect(holidayDates(y, 'dragon_boat'), String(y)).toEqual([`${y}-${dw}`]);
      const midAutumn = statutoryHolidayDays(y, chineseDaysAlmanac).days.find(
        (d) => d.holiday === 'mid_autumn',
      )!;
      expect(midAutumn.movedFrom ?? midAutumn.date, String(y)).toBe(`${y}-${zq}`);
    }
  });

  it('moves 中秋 to the next free day when it falls on 国庆 (2009, 2020), keeping 11 days', () => {
    for (const y of [2009, 2020]) {
      const midAutumn = statutoryHolidayDays(y, chineseDaysAlmanac).days.filter(
        (d) => d.holiday === 'mid_autumn',
      );
      expect(midAutumn).toEqual([
        {
          date: `${y}-10-04`,
          holiday: 'mid_autumn',
          nameZh: '中秋节',
          movedFrom: `${y}-${FESTIVALS[y]![2]}`,
        },
      ]);
      expect(holidayDates(y, 'national_day')).toEqual([`${y}-10-01`, `${y}-10-02`, `${y}-10-03`]);
    }
  });

  it('every computed statutory day 2004–2026 is a day off in chinese-days (rest day or plain weekend)', () => {
    for (const y of range(2004, 2026)) {
      for (const d of daysOf(y)) {
        const off = d in raw.holidays || (isoWeekday(d) >= 6 && !(d in raw.workdays));
        expect(off, `${d} should be a rest day or weekend`).toBe(true);
      }
    }
  });

  it('gives the same answers whatever the host time zone', () => {
    const before = process.env.TZ;
    const expected = range(2000, 2030).map(daysOf);
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai', 'UTC']) {
        process.env.TZ = tz;
        expect(range(2000, 2030).map(daysOf), tz).toEqual(expected);
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('reports an inconsistent almanac instead of guessing', () => {
    const broken = {
      ...chineseDaysAlmanac,
      lunarDate: () => ({ lunarYear: 1, month: 1, day: 1, isLeapMonth: false }),
    };
    try {
      statutoryHolidays(2024, broken);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, 'STATUTORY_HOLIDAY_ALMANAC_INCONSISTENT')).toBe(true);
    }
  });
});
