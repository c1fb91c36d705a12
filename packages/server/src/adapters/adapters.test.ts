import { describe, expect, it } from 'vitest';
import { DEMO_INSURED } from '../demo-data.ts';
import { LocalSharedData } from './shared-data.ts';
import { LocalSms } from './sms.ts';

const citizen = {
  accountId: 'a',
  kind: 'citizen' as const,
  identifier: [...DEMO_INSURED][0]!,
  regionCode: '140105',
  homeRegionCode: '140105',
};
const stranger = {
  ...citizen,
  identifier: '11010519491231002X',
  regionCode: '110105',
  homeRegionCode: '110105',
};
/** A 济宁 resident applying in 太原: not a local household registration. */
const visitor = { ...citizen, regionCode: '140105', homeRegionCode: '370802' };
const employer = {
  accountId: 'e',
  kind: 'employer' as const,
  identifier: '91140100MA0K000017',
  regionCode: '140100',
  homeRegionCode: '140100',
};

describe('LocalSharedData', () => {
  const registry = new LocalSharedData(DEMO_INSURED);
  it.each([
    ['identity_registry', citizen, true],
    ['identity_registry', employer, false],
    ['business_registration', employer, true],
    ['household_register', citizen, true],
    ['household_register', stranger, true],
    ['household_register', visitor, false],
    ['social_insurance_registration', citizen, true],
    ['social_insurance_registration', stranger, false],
    ['social_insurance_registration', employer, true],
    ['pension_records', citizen, true],
    ['work_injury_recognition_decisions', citizen, false],
  ] as const)('%s for %o → %s', async (ref, subject, hit) => {
    const r = await registry.fetch(ref, subject);
    expect(r !== null).toBe(hit);
    if (r) {
      expect(r.evidence.startsWith(`${ref}#`)).toBe(true);
      // A person's ID number is masked; an employer's credit code is public and kept.
      if (subject.kind === 'citizen') expect(r.evidence).not.toContain(subject.identifier.slice(6, 14));
      else expect(r.evidence).toContain(subject.identifier);
    }
  });
});

describe('LocalSms', () => {
  it('records messages and fails on demand', async () => {
    const at = new Date('2026-11-23T02:00:00Z');
    const sms = new LocalSms({ now: () => at });
    sms.failNext(1);
    await expect(sms.send('13800001234', 'a')).rejects.toThrow(/unavailable/);
    await expect(sms.send('13800001234', 'b')).resolves.toEqual({ messageId: 'local-1' });
    expect(sms.sent).toEqual([{ phone: '13800001234', text: 'b', at }]);
  });
});
