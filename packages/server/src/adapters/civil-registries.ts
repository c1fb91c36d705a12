/**
 * The agencies' registries the newborn bundle reads instead of asking for materials: birth records of the
 * midwifery institutions (卫健), identity and household register (公安), marriage registration (民政).
 * The interface is what a real integration implements; `LocalCivilRegistries` holds demo records.
 * Every read is recorded on the bundle as evidence (registry + record reference, identifiers masked).
 */
import { readFile } from 'node:fs/promises';
import type { EligibilityFacts, HouseholdFact, PersonFact } from '@renshe/cases/bundle/eligibility.ts';

/** A birth record as a midwifery institution reports it. */
export type BirthRecord = NonNullable<EligibilityFacts['birth']>;

/** A registered marriage. */
export interface MarriageRecord {
  partners: [string, string];
  registeredOn: string;
  office: string;
}

/** Read access to the registries. */
export interface CivilRegistries {
  /** Birth records whose mother is this person, newest first (only the one numbered, when a number is given). */
  birthRecordsOfMother(motherIdNumber: string, recordNumber?: string): Promise<BirthRecord[]>;
  person(idNumber: string): Promise<PersonFact | null>;
  household(id: string): Promise<HouseholdFact | null>;
  marriageOf(a: string, b: string): Promise<Omit<MarriageRecord, 'partners'> | null>;
  /**
   * 运营商手机号实名三要素核验: whether the mobile number is registered (实名登记) to this ID number and name. A real
   * deployment asks the carriers' verification service; the local implementation reads demo records.
   */
  phoneRegisteredTo(phone: string, idNumber: string, name: string): Promise<boolean>;
}

/** The records of the local registries. */
export interface RegistryData {
  births: BirthRecord[];
  persons: PersonFact[];
  households: HouseholdFact[];
  marriages: MarriageRecord[];
  /** 运营商实名登记: mobile numbers and the person each is registered to (for the three-factor check). */
  phones?: { phone: string; idNumber: string; name: string }[];
}

/** Local registries over in-memory records, looked up by key as a registry's index would. */
export class LocalCivilRegistries implements CivilRegistries {
  /** Birth records by mother and by number, rebuilt when the list is replaced or grows (tests edit records in place). */
  private birthsByMother = new Map<string, BirthRecord[]>();
  private birthsByNumber = new Map<string, BirthRecord>();
  private indexed: { births: BirthRecord[]; length: number } | null = null;

  constructor(private readonly data: RegistryData) {}

  async birthRecordsOfMother(motherIdNumber: string, recordNumber?: string): Promise<BirthRecord[]> {
    const births = this.data.births;
    if (this.indexed?.births !== births || this.indexed.length !== births.length) {
      this.birthsByMother.clear();
      this.birthsByNumber.clear();
      for (const b of births) {
        const list = this.birthsByMother.get(b.motherIdNumber);
        if (list) list.push(b);
        else this.birthsByMother.set(b.motherIdNumber, [b]);
        this.birthsByNumber.set(b.recordNumber, b);
      }
      this.indexed = { births, length: births.length };
    }
    const candidates = recordNumber
      ? [this.birthsByNumber.get(recordNumber)].filter((b) => b !== undefined)
      : (this.birthsByMother.get(motherIdNumber) ?? []);
    return candidates
      .filter((b) => b.motherIdNumber === motherIdNumber)
      .sort((a, b) => b.birthDate.localeCompare(a.birthDate));
  }

  async person(idNumber: string): Promise<PersonFact | null> {
    return this.data.persons.find((p) => p.idNumber === idNumber) ?? null;
  }

  async household(id: string): Promise<HouseholdFact | null> {
    return this.data.households.find((h) => h.id === id) ?? null;
  }

  /** 运营商三要素 (local): the number is registered to exactly this ID number and name. */
  async phoneRegisteredTo(phone: string, idNumber: string, name: string): Promise<boolean> {
    return (this.data.phones ?? []).some(
      (p) => p.phone === phone && p.idNumber === idNumber && p.name === name,
    );
  }

  async marriageOf(a: string, b: string) {
    const m = this.data.marriages.find((x) => x.partners.includes(a) && x.partners.includes(b));
    return m ? { registeredOn: m.registeredOn, office: m.office } : null;
  }
}

/** The records of `base` plus those of a JSON file (RegistryData, every list optional). */
export async function registryDataWith(base: RegistryData, file: string | undefined): Promise<RegistryData> {
  if (!file) return base;
  const extra = JSON.parse(await readFile(file, 'utf8')) as Partial<RegistryData>;
  return {
    births: [...base.births, ...(extra.births ?? [])],
    persons: [...base.persons, ...(extra.persons ?? [])],
    households: [...base.households, ...(extra.households ?? [])],
    marriages: [...base.marriages, ...(extra.marriages ?? [])],
    phones: [...(base.phones ?? []), ...(extra.phones ?? [])],
  };
}
