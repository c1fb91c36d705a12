/**
 * Shared data (数据共享) instead of materials: registries of other agencies answer whether a material is
 * available for an applicant, and what evidence was read. The interface is what a real integration
 * implements; `LocalSharedData` is the local implementation with demo registries.
 */
import { maskText } from '@renshe/domain/privacy/mask.ts';

/** Who the material is about. */
export interface SharedDataSubject {
  accountId: string;
  kind: 'citizen' | 'employer' | 'staff' | 'admin';
  /** 身份证号 or 统一社会信用代码. */
  identifier: string;
  regionCode: string | null;
}

/** A registry read. */
export interface SharedDataHit {
  /** Registry and record reference, kept on the case as evidence (identifiers masked). */
  evidence: string;
}

/** Reads materials from other agencies' registries. */
export interface SharedDataSource {
  fetch(sourceRef: string, subject: SharedDataSubject): Promise<SharedDataHit | null>;
}

/**
 * Local registries seeded with demo data: identity (citizens), business registration (employers), household
 * register (demo citizens), social-insurance registration, contribution and pension records (the insured
 * demo citizens). Registries without demo data (e.g. work-injury decisions) answer null: the material is then
 * asked from the applicant.
 */
export class LocalSharedData implements SharedDataSource {
  constructor(private readonly insured: ReadonlySet<string> = new Set()) {}

  async fetch(sourceRef: string, subject: SharedDataSubject): Promise<SharedDataHit | null> {
    const ref = `${sourceRef}#${maskText(subject.identifier)}`;
    switch (sourceRef) {
      case 'identity_registry':
        return subject.kind === 'citizen' ? { evidence: ref } : null;
      case 'business_registration':
        return subject.kind === 'employer' ? { evidence: ref } : null;
      case 'household_register':
        // Demo: every demo citizen has a 山西 or 济宁 household registration at their account's region.
        return subject.kind === 'citizen' && /^(14|3708)/.test(subject.regionCode ?? '')
          ? { evidence: ref }
          : null;
      case 'social_insurance_registration':
        // Employers are registered with their business registration; people when insured.
        return subject.kind === 'employer' || this.insured.has(subject.identifier) ? { evidence: ref } : null;
      case 'contribution_records':
      case 'pension_records':
        return this.insured.has(subject.identifier) ? { evidence: ref } : null;
      default:
        return null;
    }
  }
}
