/**
 * Lints a matter definition beyond its schema: the workflow is sound (every state reachable from the
 * initial one, a terminal state exists, terminal states end the case, every other state can move on),
 * actions name real states and roles, stage limits fit within the statutory limit, the promised limit is
 * not longer than the statutory one, every material has a usable source, and 容缺/告知承诺 flags agree
 * with what the matter allows. Returns every problem (empty = clean).
 */
import { ACTOR_ROLES, type Matter, type TimeLimit } from './matter-schema.ts';

/** Upper bound in calendar days of a limit (a working day is at most 7/5 calendar days plus holidays; 3 weeks of holidays a year). */
function calendarUpperBound(l: TimeLimit): number {
  return l.unit === 'calendar_days'
    ? l.amount
    : Math.ceil((l.amount * 7) / 5) + Math.ceil(l.amount / 250) * 21;
}

/** Lower bound in calendar days of a limit. */
function calendarLowerBound(l: TimeLimit): number {
  return l.amount;
}

/** `inner` certainly fits within `outer`. */
export function limitFits(inner: TimeLimit, outer: TimeLimit): boolean {
  if (inner.unit === outer.unit) return inner.amount <= outer.amount;
  return calendarUpperBound(inner) <= calendarLowerBound(outer);
}

/** Every problem of a matter definition, as Chinese sentences naming the element. */
export function lintMatter(m: Matter): string[] {
  const p: string[] = [];
  const states = new Map(m.workflow.states.map((s) => [s.id, s]));
  if (states.size !== m.workflow.states.length) p.push('存在重复的状态 id');
  const actionIds = new Set<string>();
  for (const a of m.workflow.actions) {
    if (actionIds.has(a.id)) p.push(`动作 ${a.id} 重复`);
    actionIds.add(a.id);
  }
  if (!states.has(m.workflow.initial)) p.push(`初始状态 ${m.workflow.initial} 不存在`);

  for (const a of m.workflow.actions) {
    for (const f of a.from) if (!states.has(f)) p.push(`动作 ${a.id} 的起始状态 ${f} 不存在`);
    if (!states.has(a.to)) p.push(`动作 ${a.id} 的目标状态 ${a.to} 不存在`);
    for (const r of a.roles) if (!ACTOR_ROLES.includes(r)) p.push(`动作 ${a.id} 的角色 ${r} 不存在`);
    if (a.kind === 'decide' && !a.outcomes?.length) p.push(`决定动作 ${a.id} 未列出结果`);
    if (a.kind === 'pause' && states.get(a.to)?.clock !== 'paused')
      p.push(`中止动作 ${a.id} 的目标状态应暂停计时`);
    if (a.kind === 'resume' && states.get(a.to)?.clock !== 'running')
      p.push(`恢复动作 ${a.id} 的目标状态应恢复计时`);
  }

  // Reachability from the initial state.
  const reached = new Set([m.workflow.initial]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of m.workflow.actions) {
      if (a.from.some((f) => reached.has(f)) && !reached.has(a.to)) {
        reached.add(a.to);
        changed = true;
      }
    }
  }
  for (const s of m.workflow.states) if (!reached.has(s.id)) p.push(`状态 ${s.id}（${s.label}）不可达`);

  const terminals = m.workflow.states.filter((s) => s.terminal);
  if (terminals.length === 0) p.push('没有终止状态');
  for (const s of m.workflow.states) {
    const out = m.workflow.actions.filter((a) => a.from.includes(s.id));
    const afterEnd = out.filter((a) => a.kind !== 'revoke');
    if (s.terminal && afterEnd.length)
      p.push(`终止状态 ${s.id} 不应再有动作（${afterEnd.map((a) => a.id).join('、')}）`);
    if (!s.terminal && out.length === 0) p.push(`状态 ${s.id}（${s.label}）没有后续动作，办件会停滞`);
    if (s.terminal && s.clock !== 'stopped') p.push(`终止状态 ${s.id} 应停止计时`);
    if (s.clock === 'paused' && !s.pauseReasons?.length) p.push(`暂停状态 ${s.id} 须列明中止事由及依据`);
    if (s.stageLimit && !limitFits(s.stageLimit, m.timeLimits.statutory)) {
      p.push(`状态 ${s.id} 的环节时限超出法定办结时限`);
    }
    if (s.onStageLimit) {
      const a = m.workflow.actions.find((x) => x.id === s.onStageLimit!.action);
      if (!s.stageLimit) p.push(`状态 ${s.id} 规定了环节超时动作，但没有环节时限`);
      if (!a) p.push(`状态 ${s.id} 的环节超时动作 ${s.onStageLimit.action} 不存在`);
      else if (!a.from.includes(s.id) || !a.roles.includes('system'))
        p.push(`环节超时动作 ${a.id} 须能从状态 ${s.id} 由系统（system）执行`);
    }
  }
  for (const a of m.workflow.actions.filter((x) => x.kind === 'revoke')) {
    if (a.from.some((f) => !states.get(f)?.terminal) || !states.get(a.to)?.terminal)
      p.push(`撤销动作 ${a.id} 只能从终止状态到终止状态`);
    if (!a.opinionRequired || a.notice !== 'revocation')
      p.push(`撤销动作 ${a.id} 须填写理由并出具撤销决定书`);
  }

  const { statutory, promised, acceptance } = m.timeLimits;
  if (promised && !limitFits(promised, statutory)) p.push('承诺办结时限长于法定办结时限');
  if (acceptance && !limitFits(acceptance, statutory)) p.push('受理审查时限长于法定办结时限');

  for (const mat of m.materials) {
    if ((mat.source === 'shared' || mat.source === 'e_licence') && !mat.sourceRef) {
      p.push(
        `材料「${mat.name}」来源为${mat.source === 'shared' ? '共享数据' : '电子证照'}，须注明来源系统或证照类型（sourceRef）`,
      );
    }
    if (mat.deferrable && !m.deferredAcceptance.allowed)
      p.push(`材料「${mat.name}」标为容缺，但本事项不允许容缺受理`);
    if (mat.commitmentAllowed && !m.commitment.allowed)
      p.push(`材料「${mat.name}」允许告知承诺，但本事项未开通告知承诺`);
    if (mat.deferrable && !mat.required) p.push(`材料「${mat.name}」非必需，无需容缺`);
  }
  if (m.deferredAcceptance.allowed && !m.deferredAcceptance.deadline) p.push('允许容缺受理但未规定补齐期限');
  if (m.deferredAcceptance.allowed) {
    // The 容缺 deadline is the stage limit of the state a deferred acceptance leads to, enforced by the system.
    const deferredAccepts = m.workflow.actions.filter((a) => a.notice === 'deferred_acceptance');
    if (!deferredAccepts.length) p.push('允许容缺受理但没有容缺受理动作');
    for (const a of deferredAccepts) {
      const s = states.get(a.to);
      const d = m.deferredAcceptance.deadline;
      if (!s?.stageLimit || !d || s.stageLimit.amount !== d.amount || s.stageLimit.unit !== d.unit)
        p.push(`容缺受理后的状态 ${a.to} 的环节时限应等于容缺补齐期限`);
      if (!s?.onStageLimit) p.push(`容缺受理后的状态 ${a.to} 须规定逾期未补齐时系统执行的动作（终止办理）`);
    }
  }
  if (m.commitment.allowed && !m.commitment.verificationWithin) p.push('开通告知承诺但未规定核查期限');
  if (m.commitment.allowed && !m.commitment.text) p.push('开通告知承诺但未载明承诺书正文');
  if (m.commitment.allowed) {
    // A commitment found false after the result was issued must be revocable.
    for (const end of resultStates(m)) {
      if (!m.workflow.actions.some((a) => a.kind === 'revoke' && a.from.includes(end)))
        p.push(`开通告知承诺的事项须能撤销已作出的结果（终止状态 ${end} 缺少撤销动作）`);
    }
  }
  if (m.onSiteVisits > 0 && !m.onSiteReason) p.push('到现场次数大于 0，须说明到现场原因');
  const kinds = new Set(m.workflow.actions.map((a) => a.kind));
  for (const k of ['submit', 'accept', 'request_correction', 'reject'] as const) {
    if (!kinds.has(k)) p.push(`缺少「${k}」类动作（受理环节须有提交、受理、一次性告知、不予受理）`);
  }
  return p;
}

/** Terminal states a case reaches after a decision (following ordinary steps, not withdrawal or revocation). */
export function resultStates(m: Matter): string[] {
  const states = new Map(m.workflow.states.map((s) => [s.id, s]));
  const seen = new Set(m.workflow.actions.filter((a) => a.kind === 'decide').map((a) => a.to));
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of m.workflow.actions) {
      if (a.kind !== 'step' || !a.from.some((f) => seen.has(f) && !states.get(f)?.terminal)) continue;
      if (!seen.has(a.to)) {
        seen.add(a.to);
        changed = true;
      }
    }
  }
  return [...seen].filter((id) => states.get(id)?.terminal);
}
