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
  /** Where the matter is handled (the application's region). */
  regionCode: string | null;
  /** Where the subject is registered: a citizen's household registration (户籍地), an employer's seat. */
  homeRegionCode: string | null;
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
        // 本地户籍: the citizen's household registration is in the city where the matter is handled.
        return subject.kind === 'citizen' &&
          subject.homeRegionCode &&
          subject.regionCode?.slice(0, 4) === subject.homeRegionCode.slice(0, 4)
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
