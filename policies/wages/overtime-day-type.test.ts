import { createDefaultCalendar } from '@renshe/domain/calendar/index.ts';
import { isDomainError } from '@renshe/domain/errors.ts';
import { describe, expect, it } from 'vitest';
import { overtimeDayType } from './overtime-day-type.ts';

const calendar = createDefaultCalendar();

describe('overtimeDayType', () => {
  it.each([
    ['2024-10-01', 'statutory_holiday', '国庆节当日：法定休假日 300%'],
    ['2024-10-05', 'rest_day', '国庆假期内的调休休息日（周六）：休息日 200%，不是 300%'],
    ['2024-10-12', 'workday', '国庆调休上班的周六：工作日 150%'],
    ['2024-02-04', 'workday', '春节调休上班的周日：工作日 150%'],
    ['2024-02-09', 'workday', '2024 年除夕：既非法定节假日也非调休休息日，工作日 150%'],
    ['2025-01-28', 'statutory_holiday', '2025 年起除夕为法定节假日：300%'],
    ['2025-01-26', 'workday', '2025 年春节调休上班的周日：工作日 150%'],
    ['2024-03-02', 'rest_day', '普通周六：休息日 200%'],
    ['2024-03-04', 'workday', '普通周一：工作日 150%'],
  ])('%s → %s（%s）', (date, want) => {
    expect(overtimeDayType(calendar, date)).toBe(want);
  });

  it('refuses a year without holiday data instead of guessing', () => {
    let error: unknown;
    try {
      overtimeDayType(calendar, '2031-10-01');
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'CALENDAR_YEAR_NOT_COVERED')).toBe(true);
  });

  it('refuses a year the calendar only estimates: money is never computed from a guess of 调休', () => {
    let error: unknown;
    try {
      overtimeDayType(calendar, '2027-02-20');
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'CALENDAR_YEAR_PROVISIONAL')).toBe(true);
    expect(String((error as Error).message)).toContain('2027 年国务院办公厅节假日安排通知尚未导入');
  });
});
