/**
 * The case engine: decides whether an action may be taken on a case (state, role, opinion, materials,
 * the one-time-notice rule, pause reasons) and returns the event to append. Pure: the caller persists
 * the event (and the audit row) in one transaction. Status is derived by folding events (`stateOf`).
 *
 * One-time notice (一次性告知, 行政许可法 §32(4)): when materials are incomplete, the notice lists
 * everything missing at once. A later notice that adds an item not listed in the first is refused with
 * ONE_TIME_NOTICE_VIOLATION (the caller logs it as an exception); repeating the same list is allowed.
 */
import { DomainError } from '@renshe/domain/errors.ts';
import type { Matter, MatterAction } from '../matter/matter-schema.ts';
import type { CaseEvent, CaseRecord, MaterialEntry } from './case-record.ts';
import type { ActorRole } from './roles.ts';

/** What an actor asks to do. */
export interface CaseCommand {
  action: string;
  actor: { id: string; role: ActorRole; name?: string; unit?: string };
  at: Date;
  opinion?: string;
  materials?: MaterialEntry[];
  outcome?: string;
  pause?: { reason: string; basis?: string };
  /** 告知承诺: who signs the matter's commitment text (required when any material is satisfied by commitment). */
  commitment?: { signedBy: string };
  /** For a one-time notice: materials on file that staff judged inadequate (they must be redone). */
  inadequate?: string[];
  data?: Record<string, unknown>;
}

/** The current state id of a case. */
export function stateOf(matter: Matter, record: Pick<CaseRecord, 'events'>): string {
  return record.events.at(-1)?.to ?? matter.workflow.initial;
}

/** The materials on file (latest entry per material wins). */
export function materialsOnFile(record: Pick<CaseRecord, 'events'>): Map<string, MaterialEntry> {
  const out = new Map<string, MaterialEntry>();
  for (const e of record.events) for (const m of e.materials ?? []) out.set(m.id, m);
  return out;
}

/** Required materials not on file, split into those that block acceptance and those that may be deferred. */
export function missingMaterials(
  matter: Matter,
  onFile: Map<string, MaterialEntry>,
): { blocking: string[]; deferrable: string[] } {
  const blocking: string[] = [];
  const deferrable: string[] = [];
  for (const m of matter.materials) {
    if (!m.required || onFile.has(m.id)) continue;
    if (m.deferrable && matter.deferredAcceptance.allowed) deferrable.push(m.id);
    else blocking.push(m.id);
  }
  return { blocking, deferrable };
}

/**
 * Outcome ids that refuse (不予…) start with `not_` (a convention every matter follows; the lint checks it).
 * A granted decision is the latest `decide` event with any other outcome.
 */
export function isRefusal(outcome: string | undefined): boolean {
  return outcome === undefined || outcome.startsWith('not_');
}

/** The decide event that granted something, if the case has one. */
export function grantedDecision(record: Pick<CaseRecord, 'events'>): CaseEvent | undefined {
  const d = record.events.findLast((e) => e.kind === 'decide');
  return d && !isRefusal(d.outcome) ? d : undefined;
}

/** Every material satisfied by a signed commitment (告知承诺), with the signature event. */
export function commitmentsOnFile(record: Pick<CaseRecord, 'events'>): CaseEvent['commitment'][] {
  return record.events.flatMap((e) => (e.commitment ? [e.commitment] : []));
}

/** Actions available from the current state for a role. */
export function availableActions(
  matter: Matter,
  record: Pick<CaseRecord, 'events'>,
  role: ActorRole,
): MatterAction[] {
  const state = stateOf(matter, record);
  return matter.workflow.actions.filter((a) => a.from.includes(state) && a.roles.includes(role));
}

function materialName(matter: Matter, id: string): string {
  return matter.materials.find((m) => m.id === id)?.name ?? id;
}

/** Validates a command against the matter and the case; returns the event to append. */
export function decide(matter: Matter, record: Pick<CaseRecord, 'events'>, cmd: CaseCommand): CaseEvent {
  const state = stateOf(matter, record);
  const action = matter.workflow.actions.find((a) => a.id === cmd.action);
  if (!action)
    throw new DomainError('CASE_ACTION_UNKNOWN', `事项「${matter.name}」没有动作 ${cmd.action}`, {
      action: cmd.action,
    });
  const stateLabel = matter.workflow.states.find((s) => s.id === state)?.label ?? state;
  if (!action.from.includes(state)) {
    throw new DomainError(
      'CASE_ACTION_NOT_ALLOWED',
      `办件当前状态为「${stateLabel}」，不能「${action.label}」`,
      {
        action: action.id,
        state,
      },
    );
  }
  if (!action.roles.includes(cmd.actor.role)) {
    throw new DomainError(
      'CASE_ROLE_NOT_ALLOWED',
      `「${action.label}」须由 ${action.roles.join('、')} 办理`,
      {
        action: action.id,
        role: cmd.actor.role,
      },
    );
  }
  if (action.opinionRequired && !cmd.opinion?.trim()) {
    throw new DomainError('CASE_OPINION_REQUIRED', `「${action.label}」须填写办理意见`, {
      action: action.id,
      field: 'opinion',
    });
  }
  const last = record.events.at(-1);
  if (last && cmd.at < last.at) {
    throw new DomainError('CASE_EVENT_OUT_OF_ORDER', '办理时间早于上一环节', { action: action.id });
  }
  for (const m of cmd.materials ?? []) {
    const def = matter.materials.find((x) => x.id === m.id);
    if (!def)
      throw new DomainError('MATERIAL_UNKNOWN', `本事项没有材料 ${m.id}`, { field: 'materials', id: m.id });
    if (m.via === 'commitment' && !(def.commitmentAllowed && matter.commitment.allowed)) {
      throw new DomainError('COMMITMENT_NOT_ALLOWED', `材料「${def.name}」不适用告知承诺`, { id: m.id });
    }
    if (m.via === 'deferred' && !(def.deferrable && matter.deferredAcceptance.allowed)) {
      throw new DomainError('DEFERRAL_NOT_ALLOWED', `材料「${def.name}」不适用容缺受理`, { id: m.id });
    }
  }
  const committed = (cmd.materials ?? []).filter((m) => m.via === 'commitment').map((m) => m.id);
  if (committed.length && !cmd.commitment?.signedBy.trim()) {
    throw new DomainError('COMMITMENT_NOT_SIGNED', '以告知承诺代替材料的，须签署承诺书', {
      field: 'commitment.signedBy',
      materials: committed,
    });
  }
  const event: CaseEvent = {
    seq: record.events.length + 1,
    at: cmd.at,
    actor: cmd.actor,
    action: action.id,
    kind: action.kind,
    from: state,
    to: action.to,
    ...(cmd.opinion ? { opinion: cmd.opinion } : {}),
    ...(cmd.materials?.length ? { materials: cmd.materials } : {}),
    ...(cmd.data ? { data: cmd.data } : {}),
    ...(committed.length
      ? {
          commitment: {
            text: matter.commitment.text ?? '',
            signedBy: cmd.commitment!.signedBy.trim(),
            materials: committed,
          },
        }
      : {}),
  };
  const onFile = materialsOnFile({ events: [...record.events, event] });

  switch (action.kind) {
    case 'accept': {
      const { blocking } = missingMaterials(matter, onFile);
      if (blocking.length) {
        throw new DomainError(
          'MATERIALS_INCOMPLETE',
          `材料不齐，不能受理：${blocking.map((id) => materialName(matter, id)).join('、')}`,
          {
            missing: blocking,
          },
        );
      }
      break;
    }
    case 'request_correction': {
      for (const id of cmd.inadequate ?? []) {
        if (!matter.materials.some((m) => m.id === id)) {
          throw new DomainError('MATERIAL_UNKNOWN', `本事项没有材料 ${id}`, { field: 'inadequate', id });
        }
      }
      const blocking = [
        ...new Set([...missingMaterials(matter, onFile).blocking, ...(cmd.inadequate ?? [])]),
      ];
      if (blocking.length === 0) {
        throw new DomainError('MATERIALS_COMPLETE', '材料已齐全，应当场受理，不得要求补正', {});
      }
      const earlier = record.events.find((e) => e.kind === 'request_correction');
      if (earlier) {
        const added = blocking.filter((id) => !earlier.missing?.includes(id));
        if (added.length) {
          throw new DomainError(
            'ONE_TIME_NOTICE_VIOLATION',
            `已于 ${earlier.at.toISOString().slice(0, 10)} 一次性告知，不得再增加补正事项：${added.map((id) => materialName(matter, id)).join('、')}`,
            { added, firstNotice: earlier.seq },
          );
        }
      }
      event.missing = blocking;
      break;
    }
    case 'decide': {
      const ok = action.outcomes?.some((o) => o.id === cmd.outcome);
      if (!ok) {
        throw new DomainError(
          'CASE_OUTCOME_INVALID',
          `「${action.label}」的结果应为：${action.outcomes?.map((o) => o.label).join('、')}`,
          {
            field: 'outcome',
          },
        );
      }
      event.outcome = cmd.outcome!;
      if (!isRefusal(cmd.outcome)) {
        const result: Record<string, string> = {};
        for (const f of matter.result.fields) {
          const v = cmd.data?.[f.id];
          if (typeof v !== 'string' || !new RegExp(f.pattern).test(v.trim())) {
            throw new DomainError('RESULT_FIELD_INVALID', `请填写正确的${f.label}`, {
              field: `data.${f.id}`,
              pattern: f.pattern,
            });
          }
          result[f.id] = v.trim();
        }
        if (matter.result.fields.length) event.result = result;
      }
      break;
    }
    case 'revoke': {
      if (!grantedDecision(record)) {
        throw new DomainError('REVOKE_NOTHING_GRANTED', '本办件没有可撤销的准予性结果', {
          action: action.id,
        });
      }
      break;
    }
    case 'pause': {
      const target = matter.workflow.states.find((s) => s.id === action.to)!;
      const reason = target.pauseReasons?.find((r) => r.reason === cmd.pause?.reason);
      if (!reason) {
        throw new DomainError(
          'PAUSE_REASON_INVALID',
          `中止事由应为：${target.pauseReasons?.map((r) => r.reason).join('、')}`,
          {
            field: 'pause.reason',
          },
        );
      }
      event.pause = { reason: reason.reason, basis: reason.basis };
      break;
    }
  }
  return event;
}
