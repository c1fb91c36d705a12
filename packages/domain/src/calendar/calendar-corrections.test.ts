import { describe, expect, it } from 'vitest';
import { isoWeekday } from '../dates.ts';
import { CALENDAR_CORRECTIONS, createDefaultCalendar } from './index.ts';

const cal = createDefaultCalendar();
const byDate = new Map(CALENDAR_CORRECTIONS.map((c) => [c.date, c]));

describe('calendar corrections over chinese-days, each cited', () => {
  it('every entry names its notice, document number and the sentence that fixes the day', () => {
    expect(CALENDAR_CORRECTIONS.length).toBeGreaterThan(0);
    for (const c of CALENDAR_CORRECTIONS) {
      expect(c.notice).toMatch(/^《国务院(办公厅)?关于.+通知》$/);
      expect(c.number).toMatch(/^国(办)?发明电〔\d{4}〕\d+号$/);
      const [, m, d] = c.date.split('-').map(Number);
      // The sentence names the day itself or a range that contains it.
      expect(c.sentence).toMatch(new RegExp(`${m}月(\\d+日至)?`));
      expect(c.sentence.length).toBeGreaterThan(5);
      expect(d).toBeGreaterThan(0);
      // The year's source carries the citation.
      expect(cal.yearData(Number(c.date.slice(0, 4))).source).toContain(c.number);
    }
  });

  it('2005-12-31 (Saturday) was a working day: 国办发明电〔2005〕35号「12月31日（星期六）上班」', () => {
    expect(byDate.get('2005-12-31')?.number).toBe('国办发明电〔2005〕35号');
    expect(isoWeekday('2005-12-31')).toBe(6);
    expect(cal.isWorkday('2005-12-31')).toBe(true);
    expect(cal.dayKind('2005-12-31')).toBe('makeup_workday');
    // A working-day count across it includes it: Friday 12-30 → Monday 2006-01-04 (1–3 元旦).
    expect(cal.addWorkingDays('2005-12-30', 1)).toBe('2005-12-31');
    expect(cal.countWorkingDays('2005-12-29', '2006-01-04')).toBe(3);
  });

  it('2011-06-05 lies inside 端午 6月4日至6日放假公休 (国办发明电〔2010〕40号): a rest day of the holiday', () => {
    expect(byDate.get('2011-06-05')?.number).toBe('国办发明电〔2010〕40号');
    expect(cal.dayKind('2011-06-05')).toBe('rest_day');
    expect(cal.isWorkday('2011-06-05')).toBe(false);
    expect(cal.dayKind('2011-06-06')).toBe('statutory_holiday');
  });

  it('2015-09-05 lies inside 9月3日至5日调休放假 (国发明电〔2015〕1号): a rest day, and 09-06 a working Sunday', () => {
    expect(byDate.get('2015-09-05')?.number).toBe('国发明电〔2015〕1号');
    expect(cal.dayKind('2015-09-05')).toBe('rest_day');
    expect(cal.dayKind('2015-09-06')).toBe('makeup_workday');
  });
});
