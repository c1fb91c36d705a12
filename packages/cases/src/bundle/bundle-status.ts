/**
 * The parents' one view of a bundle: each part's status from its sub-case (or that it was taken out to be
 * done singly), the bundle's own status, and one timeline across all parts, oldest first.
 */
import type { CaseView } from '../engine/case-view.ts';

/** How a part stands. */
export type PartStatus =
  | 'dispatching'
  | 'submitted'
  | 'in_progress'
  | 'done'
  | 'refused'
  | 'rejected'
  | 'taken_out';

/** One part as the bundle sees it. */
export interface BundlePartView {
  matter: string;
  matterName: string;
  caseNumber: string;
  /** The agency's system confirmation: pending until it answers; failed after retries were exhausted. */
  delivery: 'pending' | 'confirmed' | 'rejected' | 'failed';
  status: PartStatus;
  stateLabel: string;
  result?: { id: string; label: string; value: string }[];
  deadline: string | null;
  /** The deadline used a year whose holiday notice is not loaded (「预计」). */
  deadlineProvisional: boolean;
  handler?: string;
}

/** The status of a part from its sub-case view (taken-out parts are withdrawn sub-cases). */
export function partStatus(view: CaseView, delivery: BundlePartView['delivery']): PartStatus {
  if (view.state === 'withdrawn') return 'taken_out';
  if (view.terminal) {
    if (view.state === 'not_accepted') return 'rejected';
    return view.outcome && !view.outcome.id.startsWith('not_') ? 'done' : 'refused';
  }
  if (delivery === 'pending') return 'dispatching';
  return view.clock?.state === 'running' ? 'in_progress' : 'submitted';
}

/** The statuses of a bundle. */
export type BundleStatus = 'in_progress' | 'completed' | 'completed_with_exceptions' | 'withdrawn';

/**
 * The bundle's status: complete when every part still in the bundle is done; withdrawn when no part is
 * left in it (every one taken out to be done singly, or withdrawn).
 */
export function bundleStatus(parts: readonly Pick<BundlePartView, 'status'>[]): BundleStatus {
  const kept = parts.filter((p) => p.status !== 'taken_out');
  if (kept.length === 0) return 'withdrawn';
  if (kept.some((p) => !['done', 'refused', 'rejected'].includes(p.status))) return 'in_progress';
  return kept.every((p) => p.status === 'done') ? 'completed' : 'completed_with_exceptions';
}
