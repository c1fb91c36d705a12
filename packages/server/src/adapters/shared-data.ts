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

/** Local registries seeded with demo data. */
export class LocalSharedData implements SharedDataSource {
  constructor(private readonly insured: ReadonlySet<string> = new Set()) {}

  async fetch(sourceRef: string, subject: SharedDataSubject): Promise<SharedDataHit | null> {
    const ref = `${sourceRef}#${maskText(subject.identifier)}`;
    switch (sourceRef) {
      case 'identity_registry':
        return subject.kind === 'citizen' ? { evidence: ref } : null;
      case 'business_registration':
        return subject.kind === 'employer' ? { evidence: ref } : null;
      case 'social_insurance_registration':
      case 'contribution_records':
        return this.insured.has(subject.identifier) ? { evidence: ref } : null;
      default:
        return null;
    }
  }
}
