/**
 * What a case looks like now, derived from its events: state, the legal clocks (whole case from
 * acceptance, and the current stage's own limit), the progress timeline the applicant sees (every stage
 * with start, end, the handler's unit and opinion), notices issued, and each material's status.
 */
import type { WorkingCalendar } from '@renshe/domain/calendar/working-calendar.ts';
import { isDomainError } from '@renshe/domain/errors.ts';
import { type ClockEvent, type ClockStatus, clockEvent, evaluateClock } from '../clock/legal-clock.ts';
import type { Matter } from '../matter/matter-schema.ts';
import { materialsOnFile, missingMaterials, stateOf } from './case-engine.ts';
import type { CaseEvent, CaseRecord, MaterialVia } from './case-record.ts';

/** One stage of the progress timeline. */
export interface TimelineEntry {
  seq: number;
  action: string;
  actionLabel: string;
  state: string;
  stateLabel: string;
  start: Date;
  /** When the next action happened; absent for the current stage. */
  end?: Date;
  actor: CaseEvent['actor'];
  opinion?: string;
  outcome?: string;
  notice?: string;
  pause?: { reason: string; basis: string };
}

/** A material's status on the case. */
export interface MaterialStatus {
  id: string;
  name: string;
  required: boolean;
  status: 'on_file' | 'missing' | 'deferred' | 'committed';
  via?: MaterialVia;
  evidence?: string;
}

/** The derived view of a case. */
export interface CaseView {
  state: string;
  stateLabel: string;
  terminal: boolean;
  /** Statutory clock from acceptance (受理); null when the working calendar lacks a year it needs. */
  clock: ClockStatus | null;
  /** Why a clock could not be evaluated (e.g. 2027 年工作日历尚未导入) — never a silent guess. */
  clockProblem?: string;
  /** Promised clock (承诺时限) from acceptance, when the matter promises one. */
  promisedClock?: ClockStatus;
  /** The current stage's own limit, when it has one. */
  stageClock?: ClockStatus;
  timeline: TimelineEntry[];
  materials: MaterialStatus[];
  /** Items of the (one) one-time notice, when issued. */
  oneTimeNotice?: { seq: number; at: Date; missing: string[] };
  outcome?: { id: string; label: string };
  /** The result fields recorded with a granted decision (label → value). */
  result?: { id: string; label: string; value: string }[];
}

/** Labels of the events the system appends that are not workflow actions. */
export const SYSTEM_EVENT_LABELS: Readonly<Record<string, string>> = Object.freeze({
  escalate: '系统督办：已超过法定办结时限',
  calendar_recompute: '工作日历更新：办理时限重新计算',
});

/** Clock events of the whole case: start at acceptance, pause/resume with the states' clock modes, stop at the end. */
export function caseClockEvents(matter: Matter, events: readonly CaseEvent[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  const mode = (state: string) => matter.workflow.states.find((s) => s.id === state)?.clock ?? 'not_started';
  let started = false;
  for (const e of events) {
    const from = mode(e.from);
    const to = mode(e.to);
    if (!started) {
      if (e.kind === 'accept' || to === 'running') {
        out.push(clockEvent.start(e.at));
        started = true;
      }
      continue;
    }
    if (to === 'paused' && from !== 'paused')
      out.push(clockEvent.pause(e.at, e.pause?.reason ?? e.action, e.pause?.basis ?? ''));
    else if (to === 'running' && from === 'paused') out.push(clockEvent.resume(e.at));
    else if (to === 'stopped' && from !== 'stopped') {
      out.push(clockEvent.stop(e.at));
      break;
    }
  }
  return out;
}

/** Derives the view of a case at `now`. */
export function caseView(
  matter: Matter,
  record: Pick<CaseRecord, 'events'>,
  calendar: WorkingCalendar,
  now: Date,
): CaseView {
  const events = record.events;
  const state = stateOf(matter, record);
  const stateDef = matter.workflow.states.find((s) => s.id === state)!;
  const clockEvents = caseClockEvents(matter, events);
  let clockProblem: string | undefined;
  const safely = (f: () => ClockStatus): ClockStatus | null => {
    try {
      return f();
    } catch (e) {
      if (isDomainError(e, 'CALENDAR_YEAR_NOT_COVERED')) {
        clockProblem = e.message;
        return null;
      }
      throw e;
    }
  };
  const clock = safely(() => evaluateClock(clockEvents, matter.timeLimits.statutory, calendar, now));
  const promised = matter.timeLimits.promised;
  const promisedClock = promised ? safely(() => evaluateClock(clockEvents, promised, calendar, now)) : null;
  let stageClock: ClockStatus | null = null;
  // The stage began when the case entered this state (events that keep it there do not restart it).
  const entered = events.findLast((e) => e.to === state && e.from !== state) ?? events.at(-1);
  if (stateDef.stageLimit && entered) {
    const limit = stateDef.stageLimit;
    stageClock = safely(() => evaluateClock([clockEvent.start(entered.at)], limit, calendar, now));
  }
  const actionOf = (id: string) => matter.workflow.actions.find((a) => a.id === id);
  const timeline: TimelineEntry[] = events.map((e, i) => {
    const action = actionOf(e.action);
    const notice = action?.notice;
    return {
      seq: e.seq,
      action: e.action,
      actionLabel: action?.label ?? SYSTEM_EVENT_LABELS[e.kind] ?? e.action,
      state: e.to,
      stateLabel: matter.workflow.states.find((s) => s.id === e.to)?.label ?? e.to,
      start: e.at,
      ...(events[i + 1] ? { end: events[i + 1]!.at } : {}),
      actor: e.actor,
      ...(e.opinion ? { opinion: e.opinion } : {}),
      ...(e.outcome ? { outcome: e.outcome } : {}),
      ...(notice ? { notice } : {}),
      ...(e.pause ? { pause: e.pause } : {}),
    };
  });
  const onFile = materialsOnFile(record);
  const { deferrable } = missingMaterials(matter, onFile);
  const materials: MaterialStatus[] = matter.materials.map((m) => {
    const f = onFile.get(m.id);
    const status: MaterialStatus['status'] = f
      ? f.via === 'commitment'
        ? 'committed'
        : f.via === 'deferred'
          ? 'deferred'
          : 'on_file'
      : deferrable.includes(m.id)
        ? 'deferred'
        : 'missing';
    return {
      id: m.id,
      name: m.name,
      required: m.required,
      status,
      ...(f ? { via: f.via } : {}),
      ...(f?.evidence ? { evidence: f.evidence } : {}),
    };
  });
  const notice = events.find((e) => e.kind === 'request_correction');
  const decision = [...events].reverse().find((e) => e.outcome);
  const outcomeLabel =
    decision && actionOf(decision.action)?.outcomes?.find((o) => o.id === decision.outcome)?.label;
  return {
    state,
    stateLabel: stateDef.label,
    terminal: stateDef.terminal,
    clock,
    ...(clockProblem ? { clockProblem } : {}),
    ...(promisedClock ? { promisedClock } : {}),
    ...(stageClock ? { stageClock } : {}),
    timeline,
    materials,
    ...(notice ? { oneTimeNotice: { seq: notice.seq, at: notice.at, missing: notice.missing ?? [] } } : {}),
    ...(decision && outcomeLabel ? { outcome: { id: decision.outcome!, label: outcomeLabel } } : {}),
    ...(decision?.result
      ? {
          result: matter.result.fields.map((f) => ({
            id: f.id,
            label: f.label,
            value: decision.result![f.id] ?? '',
          })),
        }
      : {}),
  };
}
