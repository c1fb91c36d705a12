/**
 * A case (办件) is an append-only list of events; its status and everything else is derived. Events are
 * never edited or removed; a correction is a new event.
 */
import type { ActorRole } from './roles.ts';

/** How a material was satisfied. */
export const MATERIAL_VIA = ['applicant', 'shared', 'commitment', 'deferred', 'agency'] as const;
/** One of MATERIAL_VIA. */
export type MaterialVia = (typeof MATERIAL_VIA)[number];

/** A material's status as recorded by an event. */
export interface MaterialEntry {
  id: string;
  via: MaterialVia;
  /** For shared data: the registry and the evidence reference read (recorded as evidence). */
  evidence?: string;
}

/** One event of a case. */
export interface CaseEvent {
  seq: number;
  at: Date;
  actor: { id: string; role: ActorRole; name?: string; unit?: string };
  /** The matter action id (or a system event: `escalate`). */
  action: string;
  kind: string;
  from: string;
  to: string;
  opinion?: string;
  /** Materials provided or replaced by this event. */
  materials?: MaterialEntry[];
  /** For one-time notices: every missing material listed. */
  missing?: string[];
  /** For decisions: the outcome id. */
  outcome?: string;
  /** For granted decisions: the result fields of the matter (证照编号 …). */
  result?: Record<string, string>;
  /** For pauses: the reason and its legal basis. */
  pause?: { reason: string; basis: string };
  /** 告知承诺: the commitment text signed verbatim, by whom, for which materials (signed at `at`). */
  commitment?: { text: string; signedBy: string; materials: string[] };
  /** Free structured data of the action (kept with the event). */
  data?: Record<string, unknown>;
}

/** The stored case. */
export interface CaseRecord {
  caseNumber: string;
  matter: { code: string; version: number };
  applicantId: string;
  regionCode: string;
  departmentCode: string;
  events: CaseEvent[];
}
