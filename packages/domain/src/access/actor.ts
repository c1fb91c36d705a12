/**
 * Who is asking. Every request has an actor: an anonymous visitor, a logged-in account, or the system
 * itself (timers, jobs). Staff belong to one department and one region and hold roles.
 */
export const ACTOR_KINDS = ['anonymous', 'citizen', 'employer', 'staff', 'admin', 'system'] as const;
/** The kind of an actor. */
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Staff roles. 窗口受理 intake, 经办 handler, 审核 reviewer, 科室负责人 supervisor. */
export const STAFF_ROLES = {
  intake: '窗口受理',
  handler: '经办',
  reviewer: '审核',
  supervisor: '科室负责人',
} as const;
/** A staff role code. */
export type StaffRole = keyof typeof STAFF_ROLES;

/** The authenticated (or anonymous) principal of a request. */
export interface Actor {
  kind: ActorKind;
  /** Account id; undefined for anonymous. */
  id?: string;
  /** Staff: the department they belong to. */
  departmentCode?: string;
  /** Staff/admin: the region they serve (their region and everything below it). */
  regionCode?: string;
  roles: readonly string[];
}

/** The anonymous actor. */
export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous', roles: [] });

/** The platform itself, for timers and jobs. */
export const SYSTEM: Actor = Object.freeze({ kind: 'system', id: 'system', regionCode: '000000', roles: [] });
