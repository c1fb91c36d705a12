/**
 * Eligibility pre-check of a bundle (联办条件), before anything is submitted: each condition of the bundle
 * is evaluated over facts read from the agencies' registries and answered with a reason — what was found
 * when it passes, what is missing and what to do instead when it fails. Pure: the caller gathers the facts.
 */
import { addDays, type BusinessDate, daysBetween } from '@renshe/domain/dates.ts';
import type { Bundle, EligibilityCondition } from './bundle-schema.ts';

/** A person as the identity and household registries know them. */
export interface PersonFact {
  idNumber: string;
  name: string;
  /** 户籍地 (household registration) region code. */
  hukouRegionCode: string;
  householdId: string;
  /** 身份信息齐全: name, ID number, household entry all present and not cancelled. */
  identityComplete: boolean;
}

/** A household (户) as the household register knows it. */
export interface HouseholdFact {
  id: string;
  /** 家庭户 or 集体户. */
  kind: 'family' | 'collective';
  regionCode: string;
  address: string;
}

/** Everything the checks look at. */
export interface EligibilityFacts {
  /** The birth record of a midwifery institution, or null when none was found. */
  birth: {
    recordNumber: string;
    childName: string | null;
    gender: 'male' | 'female';
    birthDate: BusinessDate;
    institution: { code: string; name: string; regionCode: string };
    motherIdNumber: string;
    fatherIdNumber: string | null;
  } | null;
  mother: PersonFact | null;
  father: PersonFact | null;
  /** The parents' marriage registration, or null when none is registered. */
  marriage: { registeredOn: BusinessDate; office: string } | null;
  /** Whom the child settles with (随父 / 随母). */
  settleWith: 'father' | 'mother';
  /** The household of the parent the child settles with. */
  settleHousehold: HouseholdFact | null;
}

/** The answer for one condition. */
export interface ConditionResult {
  id: string;
  label: string;
  passed: boolean;
  /** What was found (passed) or what is wrong (failed). */
  reason: string;
  /** What to do instead (only when failed). */
  instead?: string;
}

/** The answer of the pre-check. */
export interface EligibilityResult {
  eligible: boolean;
  conditions: ConditionResult[];
  /** The last day the bundle can be applied for (from the birth date), and the days left from today. */
  lastDay: BusinessDate | null;
  daysLeft: number | null;
}

const inProvince = (region: string | undefined, province: string) => !!region && region.startsWith(province);

function check(
  c: EligibilityCondition,
  f: EligibilityFacts,
  today: BusinessDate,
): { passed: boolean; reason: string } {
  const province = String(c.params.province ?? '14');
  switch (c.check) {
    case 'born_in_institution_in_province': {
      if (!f.birth) return { passed: false, reason: '未查到助产机构的出生信息（分娩记录）' };
      const ok = inProvince(f.birth.institution.regionCode, province);
      return {
        passed: ok,
        reason: ok
          ? `${f.birth.institution.name}出生（出生信息 ${f.birth.recordNumber}）`
          : `出生机构「${f.birth.institution.name}」不在本省`,
      };
    }
    case 'born_in_wedlock': {
      if (!f.birth) return { passed: false, reason: '未查到出生信息，无法核验' };
      if (!f.marriage) return { passed: false, reason: '未查到父母的结婚登记信息' };
      const ok = f.marriage.registeredOn <= f.birth.birthDate;
      return {
        passed: ok,
        reason: ok
          ? `父母于 ${f.marriage.registeredOn} 在${f.marriage.office}登记结婚`
          : `父母结婚登记日期 ${f.marriage.registeredOn} 晚于出生日期`,
      };
    }
    case 'within_days_of_birth': {
      if (!f.birth) return { passed: false, reason: '未查到出生信息，无法计算' };
      const days = Number(c.params.days ?? 90);
      const lastDay = addDays(f.birth.birthDate, days);
      const left = daysBetween(today, lastDay);
      return left >= 0
        ? { passed: true, reason: `出生于 ${f.birth.birthDate}，可申请至 ${lastDay}，还剩 ${left} 天` }
        : { passed: false, reason: `出生于 ${f.birth.birthDate}，已超过 ${days} 天（截至 ${lastDay}）` };
    }
    case 'parent_hukou_in_province': {
      const parents = [f.father, f.mother].filter((p): p is PersonFact => !!p);
      const ok = parents.find((p) => inProvince(p.hukouRegionCode, province) && p.identityComplete);
      if (ok) return { passed: true, reason: `${ok === f.father ? '父亲' : '母亲'}为本省户籍，身份信息齐全` };
      const local = parents.find((p) => inProvince(p.hukouRegionCode, province));
      return {
        passed: false,
        reason: local ? '本省户籍一方身份信息不齐全' : '父母双方均非本省户籍',
      };
    }
    case 'settle_household_in_province': {
      const who = f.settleWith === 'father' ? '父亲' : '母亲';
      const parent = f.settleWith === 'father' ? f.father : f.mother;
      if (!parent) return { passed: false, reason: `未查到${who}的身份信息` };
      const h = f.settleHousehold;
      if (!h) return { passed: false, reason: `未查到${who}的户籍信息` };
      if (!inProvince(h.regionCode, province))
        return { passed: false, reason: `${who}的户口不在本省（${h.address}）` };
      if (h.kind !== 'family') return { passed: false, reason: `${who}的户口为集体户，不能随其落家庭户` };
      return { passed: true, reason: `随${who}落户：${h.address}（家庭户）` };
    }
  }
}

/** Evaluates every condition (never stops at the first failure). */
export function checkEligibility(
  bundle: Bundle,
  facts: EligibilityFacts,
  today: BusinessDate,
): EligibilityResult {
  const conditions = bundle.eligibility.map((c) => {
    const r = check(c, facts, today);
    return { id: c.id, label: c.label, ...r, ...(r.passed ? {} : { instead: c.instead }) };
  });
  const window = bundle.eligibility.find((c) => c.check === 'within_days_of_birth');
  const lastDay =
    facts.birth && window ? addDays(facts.birth.birthDate, Number(window.params.days ?? 90)) : null;
  return {
    eligible: conditions.every((c) => c.passed),
    conditions,
    lastDay,
    daysLeft: lastDay ? daysBetween(today, lastDay) : null,
  };
}
