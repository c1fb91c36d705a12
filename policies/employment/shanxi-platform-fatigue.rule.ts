/**
 * 山西省平台企业在线工作时长管控 (seed S4, 000 第 6 段): 连续送单（服务）达到 4 小时推送疲劳提示、一次性休息不少于 20 分钟；
 * 每 24 小时内累计送单（服务）达到一定时间发出休息提示、建议下线. Parameters: shanxi-platform-fatigue.params.yaml.
 *
 * Readings, written down and tested (scenarios file):
 * - Times are whole minutes. 「达到」 includes the threshold: 240 minutes → prompt, 239 (3 h 59 min) → none.
 * - When the fatigue prompt is due the minimum rest is 20 minutes taken at once; otherwise 0.
 * - The 24-hour threshold is NOT in the seed (「一定时间」): the parameter holds a configurable default of 480
 *   minutes (8 h, the statutory standard working day), labelled 「默认值，待核实」 so every explanation says so.
 * - The two time inputs are the platform's own counters; the rule does not reconcile them (a continuous run is
 *   normally part of the 24-hour total).
 * @see seeds/000_e6df5d75014aac0a.txt 第 6 段
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const P = 'employment.sx_platform';

const fatiguePromptDue = f.step(
  '是否应推送疲劳提示',
  f.ge(f.input('continuousMinutes'), f.param(`${P}.fatigue_continuous_minutes`)),
);

/** 疲劳提示与下线休息提示. */
export const shanxiPlatformFatigue = defineRule({
  id: 'employment.shanxi_platform_fatigue',
  label: '山西省平台劳动者疲劳提示与下线休息提示',
  description:
    '连续送单（服务）达到 4 小时推送疲劳提示并一次性休息不少于 20 分钟；24 小时内累计送单达到设定时长提示下线休息',
  inputs: {
    continuousMinutes: { type: 'int', label: '连续送单（服务）时长（分钟）', min: 0, max: 1440 },
    cumulativeMinutes24h: { type: 'int', label: '24 小时内累计送单（服务）时长（分钟）', min: 0, max: 1440 },
  },
  outputs: {
    fatiguePromptDue: { label: '是否应推送疲劳提示', kind: 'bool' },
    minimumRestMinutes: { label: '应一次性休息的最少分钟数', kind: 'int' },
    logoffPromptDue: { label: '是否应提示下线休息', kind: 'bool' },
  },
  versions: [
    {
      from: '2023-12-14',
      note: '《关于进一步加强互联网平台企业劳动用工管理的实施意见（试行）》（2023-12-14 见报）',
      outputs: () => ({
        fatiguePromptDue,
        minimumRestMinutes: f.when(
          fatiguePromptDue,
          f.param(`${P}.fatigue_min_rest_minutes`),
          f.num(0, '未达到疲劳提示时长，无强制休息'),
        ),
        logoffPromptDue: f.ge(f.input('cumulativeMinutes24h'), f.param(`${P}.logoff_cumulative_minutes`)),
      }),
    },
  ],
});
