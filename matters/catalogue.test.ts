import { readFileSync } from 'node:fs';
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import { describe, expect, it } from 'vitest';
import { latestMatter, loadMatters, parseMatterFile } from './index.ts';

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

/** Every matter the catalogue publishes, by code. */
const CODES = [
  'employer-insurance-change',
  'labour-capacity-appraisal',
  'personal-insurance-registration',
  'retiree-work-injury-top-up',
  'unemployment-benefit-claim',
  'wage-arrears-complaint',
  'work-injury-recognition',
];

/** The states a case can reach from `start` (inclusive) by following the matter's actions. */
function reachableFrom(m: Matter, start: string): Set<string> {
  const seen = new Set([start]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of m.workflow.actions) {
      if (a.from.some((f) => seen.has(f)) && !seen.has(a.to)) {
        seen.add(a.to);
        changed = true;
      }
    }
  }
  return seen;
}

describe('the published catalogue', () => {
  const catalogue = loadMatters();

  it('loads the seven single matters and the five newborn sub-matters, each at version 1', () => {
    expect([...catalogue.keys()].filter((c) => !latestMatter(catalogue, c).bundleOnly).sort()).toEqual(CODES);
    expect([...catalogue.keys()].filter((c) => latestMatter(catalogue, c).bundleOnly).sort()).toEqual([
      'birth-hukou-registration',
      'birth-medical-certificate',
      'resident-medical-insurance-enrolment',
      'social-security-card-application',
      'vaccination-certificate',
    ]);
    for (const code of CODES) expect([...(catalogue.get(code)?.keys() ?? [])]).toEqual([1]);
  });

  it.each(CODES)('%s has exactly one initial state, one entry point with a clock not yet started', (code) => {
    const { initial, states, actions } = latestMatter(catalogue, code).workflow;
    const entered = new Set(actions.map((a) => a.to));
    expect(states.filter((s) => s.id === initial)).toHaveLength(1);
    expect(states.filter((s) => !entered.has(s.id)).map((s) => s.id)).toEqual([initial]);
    expect(states.find((s) => s.id === initial)?.clock).toBe('not_started');
  });

  it.each(CODES)(
    '%s asks for corrections with a one-time notice and refuses with a written opinion',
    (code) => {
      const { actions } = latestMatter(catalogue, code).workflow;
      const corrections = actions.filter((a) => a.kind === 'request_correction');
      expect(corrections.length).toBeGreaterThan(0);
      for (const a of corrections) expect(a.notice).toBe('one_time_notice');
      for (const a of actions.filter((x) => x.kind === 'reject')) {
        expect(a.notice).toBe('rejection');
        expect(a.opinionRequired).toBe(true);
      }
      for (const a of actions.filter((x) => x.kind === 'accept'))
        expect(['acceptance', 'deferred_acceptance']).toContain(a.notice);
    },
  );

  it.each(CODES)('%s has a terminal decision path: initial → decide (with opinion) → terminal', (code) => {
    const m = latestMatter(catalogue, code);
    const fromInitial = reachableFrom(m, m.workflow.initial);
    const terminals = new Set(m.workflow.states.filter((s) => s.terminal).map((s) => s.id));
    const decisions = m.workflow.actions.filter((a) => a.kind === 'decide');
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) {
      expect(d.from.some((f) => fromInitial.has(f))).toBe(true);
      expect(d.notice).toBe('decision');
      expect(d.opinionRequired).toBe(true);
      expect(d.outcomes?.length).toBeGreaterThan(1);
      expect([...reachableFrom(m, d.to)].some((s) => terminals.has(s))).toBe(true);
    }
  });

  it('offers 容缺受理 in at least two matters and 告知承诺 in at least two, each with its deadline', () => {
    const matters = CODES.map((code) => latestMatter(catalogue, code));
    const deferred = matters.filter((m) => m.materials.some((x) => x.deferrable));
    const committed = matters.filter((m) => m.materials.some((x) => x.commitmentAllowed));
    expect(deferred.length).toBeGreaterThanOrEqual(2);
    expect(committed.length).toBeGreaterThanOrEqual(2);
    for (const m of deferred) {
      expect(m.deferredAcceptance.deadline).toBeDefined();
      expect(m.workflow.actions.some((a) => a.kind === 'accept' && a.notice === 'deferred_acceptance')).toBe(
        true,
      );
    }
    for (const m of committed) expect(m.commitment.verificationWithin).toBeDefined();
  });

  it('lints 容缺 and 告知承诺 wiring: expiry action on the deferral state, commitment text, a revocation path', () => {
    const change = readFileSync(new URL('./employer-insurance-change.v1.yaml', import.meta.url), 'utf8');
    const noExpiry = change.replace(
      '      onStageLimit: { action: terminate_deferred, opinion: 容缺材料逾期未补齐，依容缺受理约定终止办理 }\n',
      '',
    );
    expect(problemsOf(noExpiry)).toContain(
      '容缺受理后的状态 accepted_deferred 须规定逾期未补齐时系统执行的动作（终止办理）',
    );
    const humanOnly = change.replace(
      'to: terminated, roles: [system, handler]',
      'to: terminated, roles: [handler]',
    );
    expect(problemsOf(humanOnly)).toContain(
      '环节超时动作 terminate_deferred 须能从状态 accepted_deferred 由系统（system）执行',
    );
    const reg = readFileSync(new URL('./personal-insurance-registration.v1.yaml', import.meta.url), 'utf8');
    const noText = reg.replace(/ {2}text: 本人承诺.*\n/, '');
    expect(problemsOf(noText)).toContain('开通告知承诺但未载明承诺书正文');
    const noRevoke = reg.replace(/ {4}- \{ id: revoke,.*\n/, '');
    expect(problemsOf(noRevoke)).toContain(
      '开通告知承诺的事项须能撤销已作出的结果（终止状态 completed 缺少撤销动作）',
    );
    const revokeFromOpen = reg.replace(
      'kind: revoke, from: [completed]',
      'kind: revoke, from: [completed, accepted]',
    );
    expect(problemsOf(revokeFromOpen)).toContain('撤销动作 revoke 只能从终止状态到终止状态');
    for (const m of CODES.map((code) => latestMatter(catalogue, code)))
      for (const d of m.workflow.actions.filter((a) => a.kind === 'decide'))
        expect(
          d.outcomes!.some((o) => !o.id.startsWith('not_')),
          `${m.code} ${d.id}`,
        ).toBe(true);
  });

  it('keeps the S5 wage-arrears promise: same-day start, three-day investigation stage, within the statutory 60 working days', () => {
    const m = latestMatter(catalogue, 'wage-arrears-complaint');
    expect(m.timeLimits.statutory).toMatchObject({ amount: 60, unit: 'working_days' });
    expect(m.timeLimits.acceptance).toMatchObject({ amount: 1, unit: 'working_days' });
    const accept = m.workflow.actions.find((a) => a.kind === 'accept');
    const stage = m.workflow.states.find((s) => s.id === accept?.to);
    expect(stage?.stageLimit).toMatchObject({ amount: 3, unit: 'calendar_days' });
    const outcomes = m.workflow.actions.flatMap((a) => a.outcomes ?? []).map((o) => o.id);
    expect(outcomes.sort()).toEqual(
      [
        'advanced_from_deposit',
        'advanced_from_emergency_fund',
        'not_established',
        'paid_by_employer',
        'referred_to_arbitration',
      ].sort(),
    );
  });

  it('reads every shared material from a named registry and lets only the original employer declare the retiree top-up', () => {
    for (const code of CODES)
      for (const x of latestMatter(catalogue, code).materials)
        if (x.source === 'shared') expect(x.sourceRef).toMatch(/^[a-z][a-z_]*$/);
    expect(latestMatter(catalogue, 'retiree-work-injury-top-up').applicantKinds).toEqual(['employer']);
  });
});
