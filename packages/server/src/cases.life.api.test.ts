/**
 * The full life of every matter in the catalogue over the API, generated from its definition: a happy path
 * from submission through acceptance to a terminal state that includes the decision, each action taken by
 * the applicant or by the staff of the department the case was routed to.
 */
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import { latestMatter, loadMatters } from '@renshe/matters';
import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { describeEachApp } from './testing.ts';

const catalogue = loadMatters();
const citizen = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;
const employer = DEMO_ACCOUNTS.find((a) => a.kind === 'employer')!.loginName;
/** Demo staff by department (intake + handler) and the supervisor/reviewer of 太原人社局. */
const STAFF: Record<string, string> = {
  'TY-RSJ-GS': 'ty_gs',
  'TY-RSJ-SY': 'ty_sy',
  'TY-RSJ-JC': 'ty_jc',
  'TY-RSJ': 'ty_rsj',
};
const HAPPY = new Set(['submit', 'accept', 'step', 'decide', 'supplement']);

/** Shortest sequence of happy-path actions from the initial state to a terminal state, passing a decision if the matter has one. */
export function happyPath(m: Matter): string[] {
  const mustDecide = m.workflow.actions.some((a) => a.kind === 'decide');
  const terminal = new Set(m.workflow.states.filter((s) => s.terminal).map((s) => s.id));
  const queue: { state: string; decided: boolean; path: string[] }[] = [
    { state: m.workflow.initial, decided: false, path: [] },
  ];
  const seen = new Set<string>();
  while (queue.length) {
    const cur = queue.shift()!;
    if (terminal.has(cur.state) && (cur.decided || !mustDecide) && cur.path.length) return cur.path;
    const key = `${cur.state}|${cur.decided}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const a of m.workflow.actions) {
      if (!a.from.includes(cur.state) || !HAPPY.has(a.kind) || terminal.has(cur.state)) continue;
      queue.push({ state: a.to, decided: cur.decided || a.kind === 'decide', path: [...cur.path, a.id] });
    }
  }
  throw new Error(`${m.code}: no happy path`);
}

describeEachApp('every matter, full life over the API', (t) => {
  // Bundle-only sub-matters are applied for through their bundle (bundles.api.test.ts).
  const singly = [...catalogue.keys()].filter((code) => !latestMatter(catalogue, code).bundleOnly);
  it.each(singly)('%s: submit → accept → … → decision → terminal', async (code) => {
    const m = latestMatter(catalogue, code);
    const path = happyPath(m);
    const applicant = m.applicantKinds.includes('citizen') ? citizen : employer;
    let day = 2;
    const at = () => new Date(`2024-09-${String(day++).padStart(2, '0')}T09:00:00+08:00`);
    t.clock.set(at());
    // Everything required; what the shared registries hold is recorded as shared, the rest as uploaded.
    const materials = m.materials.filter((x) => x.required).map((x) => x.id);
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: await t.login(applicant),
      payload: { matter: code, materials },
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseNumber = created.json().caseNumber as string;
    const row = await t.deps.db
      .selectFrom('case_file')
      .select('department_code')
      .where('case_number', '=', caseNumber)
      .executeTakeFirstOrThrow();
    let view:
      | { stateLabel: string; terminal: boolean; timeline: unknown[]; outcome?: { id: string } }
      | undefined;
    for (const actionId of path.slice(1)) {
      const action = m.workflow.actions.find((a) => a.id === actionId)!;
      t.clock.set(at());
      const who = action.roles.includes('applicant')
        ? applicant
        : action.roles.some((r) => r === 'intake' || r === 'handler')
          ? STAFF[row.department_code]!
          : 'ty_kz';
      const res = await t.call({
        method: 'POST',
        url: `/api/v1/cases/${caseNumber}/actions`,
        cookie: await t.login(who),
        payload: {
          action: actionId,
          opinion: '经审查，符合规定',
          ...(action.outcomes ? { outcome: action.outcomes[0]!.id } : {}),
        },
      });
      expect(res.statusCode, `${code} ${actionId} as ${who}: ${res.body}`).toBe(200);
      view = res.json();
    }
    expect(view?.terminal).toBe(true);
    expect(view?.timeline).toHaveLength(path.length);
    if (m.workflow.actions.some((a) => a.kind === 'decide')) expect(view?.outcome).toBeDefined();
  });
});
