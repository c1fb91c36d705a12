import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMatters, parseMatterFile } from './index.ts';

const good = readFileSync(new URL('./work-injury-recognition.v1.yaml', import.meta.url), 'utf8');
const deliver = '{ id: deliver, label: 送达, kind: step, from: [decided], to: delivered, roles: [handler] }';
const problemsOf = (text: string): string[] => {
  try {
    parseMatterFile(text, 'work-injury-recognition.v1.yaml');
    return [];
  } catch (e) {
    return (e as { details: { problems: string[] } }).details.problems;
  }
};

describe('matter catalogue', () => {
  it('loads every matter file and each lints clean', () => {
    const catalogue = loadMatters();
    expect(catalogue.get('work-injury-recognition')?.get(1)?.name).toBe('工伤认定');
  });

  it('rejects an unknown role by schema', () => {
    expect(problemsOf(good.replace(deliver, deliver.replace('[handler]', '[clerk]'))).join('\n')).toMatch(
      /roles/,
    );
  });

  it('lints every problem at once: bad target, unreachable state, stalled state, missing source reference', () => {
    const broken = good
      .replace(deliver, deliver.replace('to: delivered', 'to: nowhere'))
      .replace('    sourceRef: identity_registry\n', '');
    const problems = problemsOf(broken).join('\n');
    expect(problems).toContain('动作 deliver 的目标状态 nowhere 不存在');
    expect(problems).toContain('状态 delivered（已送达）不可达');
    expect(problems).toContain('须注明来源系统或证照类型');
  });

  it('refuses a stage limit longer than the statutory limit and a promised limit longer than statutory', () => {
    const broken = good
      .replace(
        '{ id: evidence, label: 限期举证, clock: running }',
        '{ id: evidence, label: 限期举证, clock: running, stageLimit: { amount: 61, unit: calendar_days } }',
      )
      .replace('promised: { amount: 15, unit: calendar_days', 'promised: { amount: 50, unit: working_days');
    const problems = problemsOf(broken).join('\n');
    expect(problems).toContain('状态 evidence 的环节时限超出法定办结时限');
    expect(problems).toContain('承诺办结时限长于法定办结时限');
  });

  it('reports invalid YAML as MATTER_INVALID, not a crash', () => {
    expect(problemsOf('code: [unclosed').length).toBe(1);
  });
});
