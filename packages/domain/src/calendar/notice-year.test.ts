import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  chineseDaysAlmanac,
  chineseDaysCalendarYears,
  type NoticeYearInput,
  validateNoticeYear,
} from './index.ts';

const problemsOf = (input: NoticeYearInput): string[] => {
  try {
    validateNoticeYear(input, chineseDaysAlmanac);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CALENDAR_YEAR_INVALID')
      return (e.details.problems as { path: string; message: string }[]).map(
        (p) => `${p.path}: ${p.message}`,
      );
    throw e;
  }
  return [];
};

const NOTICE = '《国务院办公厅关于2027年部分节假日安排的通知》（TEST FIXTURE，虚构）';

describe('loading a year from the notice is validated before it is accepted', () => {
  it('refuses a 2027 file holding only 1 January, naming each missing statutory day', () => {
    const problems = problemsOf({ year: 2027, restDays: ['2027-01-01'], makeupWorkdays: [], source: NOTICE });
    // 13 statutory days; 01-01 is given, 02-06/02-07 and 05-01/05-02 and 10-02/10-03 fall on weekends.
    expect(problems.filter((p) => p.includes('缺少法定节假日'))).toHaveLength(6);
    expect(problems.join('\n')).toContain('2027-02-05（春节');
    expect(problems.join('\n')).toContain('2027-09-15（中秋节');
  });

  it('refuses a statutory day worked, a weekday makeup day, a date outside the year and an unnamed source', () => {
    const base = chineseDaysCalendarYears().find((y) => y.year === 2026)!;
    const problems = problemsOf({
      ...base,
      makeupWorkdays: [...base.makeupWorkdays, '2026-10-01', '2026-03-04', '2027-01-02'],
      source: 'someone said so',
    });
    const text = problems.join('\n');
    expect(text).toContain('2026-10-01（国庆节）是法定节假日，不能调休上班');
    expect(text).toContain('2026-03-04 不是周六或周日');
    expect(text).toContain('2027-01-02 不在 2026 年内');
    expect(text).toContain('source: 须注明所依据的通知');
  });

  it('refuses given statutory days that differ from the 放假办法', () => {
    const base = chineseDaysCalendarYears().find((y) => y.year === 2026)!;
    const problems = problemsOf({
      ...base,
      statutoryHolidays: [...base.statutoryHolidays.slice(1), '2026-03-02'],
    });
    expect(problems.join('\n')).toContain('缺少法定节假日 2026-01-01');
  });

  it('refuses a year that forgets the §6 补假 (fewer net days off than statutory days: shorter deadlines)', () => {
    // Only the 7 weekday statutory days of 2027 off: 02-06/07, 05-01/02 and 10-02/03 fall on weekends.
    const weekdayOnly = ['01-01', '02-05', '02-08', '04-05', '06-09', '09-15', '10-01'].map(
      (d) => `2027-${d}`,
    );
    const problems = problemsOf({ year: 2027, restDays: weekdayOnly, makeupWorkdays: [], source: NOTICE });
    expect(problems.join('\n')).toContain('净放假 7 天，少于法定节假日 13 天');
  });

  it('accepts every shipped year 2008–2026 as a notice, computing the statutory days when left out', () => {
    for (const y of chineseDaysCalendarYears().filter((y) => y.year >= 2008)) {
      const { statutoryHolidays: _omit, ...input } = y;
      const ok = validateNoticeYear(input, chineseDaysAlmanac);
      expect(ok.statutoryHolidays).toEqual(y.statutoryHolidays);
    }
  });
});
