/**
 * Agency systems (部门业务系统) that receive the sub-cases of a bundle. Delivery is idempotent by case
 * number: the agency keeps one record per sub-case however often it is delivered. An agency may answer
 * at once (accepted / rejected) or later (pending, then a callback). `LocalAgencyGateway` is the local
 * implementation: it records deliveries and can be told to reject, answer later, fail or hang (time out).
 */

/** What is delivered to an agency. */
export interface AgencyDelivery {
  caseNumber: string;
  matter: string;
  bundleNumber: string;
  /** The merged form fields this sub-matter uses. */
  form: Record<string, string>;
}

/** The agency system's answer. */
export type AgencyAnswer =
  | { status: 'accepted'; ref: string }
  | { status: 'rejected'; ref: string; reason: string }
  | { status: 'pending'; ref: string };

/** Delivers sub-cases to agency systems. Throws (or never answers) when the system is unavailable. */
export interface AgencyGateway {
  deliver(department: string, delivery: AgencyDelivery): Promise<AgencyAnswer>;
}

type Behaviour = 'accept' | 'reject' | 'pending';

/** Local agency systems: accept by default; per department: reject, pending, fail or hang the next n. */
export class LocalAgencyGateway implements AgencyGateway {
  /** Every delivery attempt that reached an agency, in order. */
  readonly attempts: { department: string; caseNumber: string }[] = [];
  /** The agency-side records: one per sub-case (idempotent by case number). */
  readonly received = new Map<string, AgencyDelivery & { department: string; ref: string }>();
  #behaviour = new Map<string, Behaviour>();
  #failures = new Map<string, { n: number; mode: 'fail' | 'hang' }>();

  /** How a department's system answers from now on. */
  answer(department: string, behaviour: Behaviour): void {
    this.#behaviour.set(department, behaviour);
  }

  /** The next n deliveries to a department fail at once (`fail`) or never answer (`hang`). */
  breakNext(department: string, n: number, mode: 'fail' | 'hang' = 'fail'): void {
    this.#failures.set(department, { n, mode });
  }

  async deliver(department: string, d: AgencyDelivery): Promise<AgencyAnswer> {
    const broken = this.#failures.get(department);
    if (broken && broken.n > 0) {
      broken.n--;
      if (broken.mode === 'hang') return new Promise<never>(() => {});
      throw new Error(`${department} 业务系统不可用（本地模拟故障）`);
    }
    this.attempts.push({ department, caseNumber: d.caseNumber });
    const existing = this.received.get(d.caseNumber);
    const ref = existing?.ref ?? `${department}-${String(this.received.size + 1).padStart(6, '0')}`;
    if (!existing) this.received.set(d.caseNumber, { ...d, department, ref });
    switch (this.#behaviour.get(department) ?? 'accept') {
      case 'accept':
        return { status: 'accepted', ref };
      case 'reject':
        return { status: 'rejected', ref, reason: '部门系统核验不通过：信息与本部门登记不一致' };
      case 'pending':
        return { status: 'pending', ref };
    }
  }
}
