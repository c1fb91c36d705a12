/**
 * TEST FIXTURES — invented, NOT the State Council's 2027 notice (it was not available offline when these were
 * written). Plausible arrangements over the statutory days of 国务院令第798号, shared by the domain, API and
 * browser tests so that they all load the same year.
 */
import type { NoticeYearInput } from './notice-year.ts';

/** 元旦 1月1日至3日, 春节 2月5日至12日 with 2月20日（周六）上班, 清明, 劳动节, 端午, 中秋, 国庆 1日至7日. */
export const NOTICE_2027: Omit<NoticeYearInput, 'year'> = Object.freeze({
  restDays: [
    ...['01-01', '01-02', '01-03'],
    ...['02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '02-12'],
    ...['04-03', '04-04', '04-05'],
    ...['05-01', '05-02', '05-03', '05-04', '05-05'],
    '06-09',
    '09-15',
    ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'],
  ].map((d) => `2027-${d}`),
  makeupWorkdays: ['02-20', '04-25', '05-08', '09-26', '10-09'].map((d) => `2027-${d}`),
  source: '《国务院办公厅关于2027年部分节假日安排的通知》（TEST FIXTURE，虚构）',
});

/** The same, corrected so that 元旦 runs 1月1日至4日 with 1月9日（周六）上班: a 10-working-day deadline moves. */
export const CORRECTED_2027: Omit<NoticeYearInput, 'year'> = Object.freeze({
  restDays: [...NOTICE_2027.restDays, '2027-01-04'].sort(),
  makeupWorkdays: ['2027-01-09', ...NOTICE_2027.makeupWorkdays],
  source: '《国务院办公厅关于2027年部分节假日安排的通知》（TEST FIXTURE，虚构更正：元旦1月1日至4日）',
});
