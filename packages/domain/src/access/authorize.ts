/**
 * The one authorisation function. Every API route names an action; the server loads the resource's
 * owner, department and region and asks `authorize(actor, action, resource)`. Nothing else decides
 * access, so the authorisation-matrix test covers every route by covering this table.
 *
 * Scopes:
 * - `public`: anyone, logged in or not.
 * - `self`: any logged-in account, on its own account only (resource.ownerId = actor.id).
 * - `own_or_staff`: the owner (citizen/employer), or staff whose department is the resource's department
 *   (or one of its ancestors) and whose region contains the resource's region; admins always.
 * - `staff_region`: staff whose region contains the resource's region (department not considered), admins.
 * - `staff_dept`: staff of the resource's department (or an ancestor) within their region — never the owner
 *   (follow-up work, an agency system's answer).
 * - `admin`: administrators only.
 */
import { DomainError } from '../errors.ts';
import { regionContains } from '../regions/index.ts';
import type { Actor, ActorKind, StaffRole } from './actor.ts';

/** How far an action reaches. */
export type Scope = 'public' | 'self' | 'own_or_staff' | 'staff_region' | 'staff_dept' | 'admin';

/** A policy for one action. `roles`: staff need one of them (admins are exempt). */
export interface ActionPolicy {
  scope: Scope;
  roles?: readonly StaffRole[];
  /** Account kinds that may own/perform it under `self`/`own_or_staff` (default: all logged-in kinds). */
  ownerKinds?: readonly ActorKind[];
  /** False for handling work: administrators administer the platform and do not handle cases. */
  forAdmins?: boolean;
  /** Chinese description for the matrix and error messages. */
  label: string;
}

/** What is being acted on. Fields absent for collection-level actions. */
export interface ResourceRef {
  type: string;
  id?: string;
  /** Account id of the owner (the applicant, the person, the employer). */
  ownerId?: string;
  /** Department responsible, with its ancestors (root first, own code last). */
  departmentPath?: readonly string[];
  regionCode?: string;
  /**
   * For an action on a case: the roles the matter's workflow names for the step (staff must hold one; an
   * account never falls back to a role it does not hold).
   */
  anyOfRoles?: readonly string[];
}

/** The decision, with a reason for logs and error bodies. */
export type Decision =
  | { allowed: true; via: string }
  | { allowed: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; reason: string };

/** Every action of the platform and its policy. */
export const ACTIONS = {
  'region.read': { scope: 'public', label: '查询行政区划' },
  'calendar.read': { scope: 'public', label: '查询工作日历' },
  'id.validate': { scope: 'public', label: '校验证件号码' },
  'department.list': { scope: 'public', label: '查询部门' },
  'policy.read': { scope: 'public', label: '查询政策参数' },
  'policy.calculate': { scope: 'public', label: '待遇测算' },
  'session.login': { scope: 'public', label: '登录' },
  'session.logout': { scope: 'public', label: '退出登录' },
  'account.register_citizen': { scope: 'public', label: '居民注册' },
  'account.reset_password': { scope: 'public', label: '找回密码' },
  'session.read': { scope: 'self', label: '查看本人账号' },
  'session.change_password': { scope: 'self', label: '修改密码' },
  'person.read': { scope: 'own_or_staff', ownerKinds: ['citizen'], label: '查看个人档案' },
  'matter.read': { scope: 'public', label: '查询办事指南' },
  'case.progress': { scope: 'public', label: '办件进度查询' },
  'case.create': { scope: 'self', ownerKinds: ['citizen', 'employer'], label: '提交申请' },
  'case.list_mine': { scope: 'self', ownerKinds: ['citizen', 'employer'], label: '我的办件' },
  'case.read': { scope: 'own_or_staff', ownerKinds: ['citizen', 'employer'], label: '查看办件' },
  'case.act': {
    scope: 'own_or_staff',
    ownerKinds: ['citizen', 'employer'],
    forAdmins: false,
    label: '办理办件',
  },
  'case.inbox': { scope: 'staff_region', label: '待办件' },
  'case.rate': { scope: 'self', ownerKinds: ['citizen', 'employer'], label: '好差评（申请人评价）' },
  'case.follow_up': { scope: 'staff_dept', forAdmins: false, label: '跟进任务（差评整改、告知承诺核查）' },
  'bundle_part.confirm': { scope: 'staff_dept', forAdmins: false, label: '部门业务系统回执' },
  'bundle.apply': { scope: 'self', ownerKinds: ['citizen'], label: '申请联办（一件事）' },
  'bundle.read': { scope: 'own_or_staff', ownerKinds: ['citizen'], label: '查看联办进度' },
  'bundle.act': { scope: 'self', ownerKinds: ['citizen'], label: '调整联办事项' },
  'supervision.read': { scope: 'staff_region', roles: ['supervisor'], label: '督办统计' },
  'staff.list_region': { scope: 'staff_region', roles: ['supervisor'], label: '查看本辖区工作人员' },
  'account.create': { scope: 'admin', label: '创建账号' },
  'calendar.load_year': { scope: 'admin', label: '导入年度工作日历' },
  'audit.verify': { scope: 'admin', label: '校验审计链' },
} as const satisfies Record<string, ActionPolicy>;

/** An action name. */
export type Action = keyof typeof ACTIONS;

const LOGGED_IN: readonly ActorKind[] = ['citizen', 'employer', 'staff', 'admin'];

/** Decides whether `actor` may perform `action` on `resource`. Pure; never throws for known actions. */
export function authorize(actor: Actor, action: Action, resource: ResourceRef): Decision {
  const policy: ActionPolicy = ACTIONS[action];
  if (policy.scope === 'public') return { allowed: true, via: 'public' };
  if (actor.kind === 'system') return { allowed: true, via: 'system' };
  if (!LOGGED_IN.includes(actor.kind) || !actor.id) {
    return { allowed: false, code: 'UNAUTHENTICATED', reason: `「${policy.label}」需要先登录` };
  }
  const deny = (reason: string): Decision => ({ allowed: false, code: 'FORBIDDEN', reason });

  switch (policy.scope) {
    case 'self':
      if (policy.ownerKinds && !policy.ownerKinds.includes(actor.kind))
        return deny(`「${policy.label}」仅限居民或单位`);
      return resource.ownerId === undefined || resource.ownerId === actor.id
        ? { allowed: true, via: 'self' }
        : deny('只能操作本人账号');
    case 'admin':
      return actor.kind === 'admin'
        ? { allowed: true, via: 'admin' }
        : deny(`「${policy.label}」仅限系统管理员`);
    case 'staff_dept':
      if (actor.kind === 'admin')
        return policy.forAdmins === false
          ? deny(`「${policy.label}」由经办工作人员办理，系统管理员不办理业务`)
          : { allowed: true, via: 'admin' };
      if (actor.kind !== 'staff' || resource.ownerId === actor.id)
        return deny(`「${policy.label}」由经办部门的工作人员办理`);
      return staffDecision(actor, policy, resource, deny);
    case 'own_or_staff':
    case 'staff_region': {
      if (actor.kind === 'admin')
        return policy.forAdmins === false
          ? deny(`「${policy.label}」由经办工作人员办理，系统管理员不办理业务`)
          : { allowed: true, via: 'admin' };
      if (actor.kind === 'staff') return staffDecision(actor, policy, resource, deny);
      const owners = policy.ownerKinds ?? LOGGED_IN;
      if (policy.scope === 'own_or_staff' && owners.includes(actor.kind) && resource.ownerId === actor.id) {
        return { allowed: true, via: 'owner' };
      }
      return deny(policy.scope === 'own_or_staff' ? '只能查看本人的事项' : `「${policy.label}」仅限工作人员`);
    }
  }
}

function staffDecision(
  actor: Actor,
  policy: ActionPolicy,
  resource: ResourceRef,
  deny: (reason: string) => Decision,
): Decision {
  if (policy.roles && !policy.roles.some((r) => actor.roles.includes(r))) {
    return deny(`「${policy.label}」需要角色：${policy.roles.join('、')}`);
  }
  if (
    resource.anyOfRoles &&
    !resource.anyOfRoles.some((r) => (actor.roles as readonly string[]).includes(r))
  ) {
    return deny(`此步骤须由以下角色办理：${resource.anyOfRoles.join('、')}；本账号没有这些角色`);
  }
  if (!actor.regionCode) return deny('工作人员未设置所属区划');
  if (resource.regionCode !== undefined && !regionContains(actor.regionCode, resource.regionCode)) {
    return deny('不在本人所属区划范围内');
  }
  if (
    (policy.scope === 'own_or_staff' || policy.scope === 'staff_dept') &&
    resource.departmentPath !== undefined
  ) {
    if (!actor.departmentCode || !resource.departmentPath.includes(actor.departmentCode)) {
      return deny('不属于本部门的事项');
    }
  }
  return { allowed: true, via: 'staff' };
}

/**
 * {@link authorize} for a use case that decides inside a command (it knows the resource only there): throws
 * the decision's UNAUTHENTICATED or FORBIDDEN as a DomainError with the reason. The same table decides.
 */
export function authorizeOrThrow(actor: Actor, action: Action, resource: ResourceRef): void {
  const d = authorize(actor, action, resource);
  if (!d.allowed) throw new DomainError(d.code, d.reason, { action });
}
