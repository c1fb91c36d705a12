/**
 * The agencies' registries the newborn bundle reads instead of asking for materials: birth records of the
 * midwifery institutions (卫健), identity and household register (公安), marriage registration (民政).
 * The interface is what a real integration implements; `LocalCivilRegistries` holds demo records.
 * Every read is recorded on the bundle as evidence (registry + record reference, identifiers masked).
 */
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
  /** Birth records whose mother is this person, newest first. */
  birthRecordsOfMother(motherIdNumber: string): Promise<BirthRecord[]>;
  person(idNumber: string): Promise<PersonFact | null>;
  household(id: string): Promise<HouseholdFact | null>;
  marriageOf(a: string, b: string): Promise<Omit<MarriageRecord, 'partners'> | null>;
}

/** The records of the local registries. */
export interface RegistryData {
  births: BirthRecord[];
  persons: PersonFact[];
  households: HouseholdFact[];
  marriages: MarriageRecord[];
}

/** Local registries over in-memory records. */
export class LocalCivilRegistries implements CivilRegistries {
  constructor(private readonly data: RegistryData) {}

  async birthRecordsOfMother(motherIdNumber: string): Promise<BirthRecord[]> {
    return this.data.births
      .filter((b) => b.motherIdNumber === motherIdNumber)
      .sort((a, b) => b.birthDate.localeCompare(a.birthDate));
  }

  async person(idNumber: string): Promise<PersonFact | null> {
    return this.data.persons.find((p) => p.idNumber === idNumber) ?? null;
  }

  async household(id: string): Promise<HouseholdFact | null> {
    return this.data.households.find((h) => h.id === id) ?? null;
  }

  async marriageOf(a: string, b: string) {
    const m = this.data.marriages.find((x) => x.partners.includes(a) && x.partners.includes(b));
    return m ? { registeredOn: m.registeredOn, office: m.office } : null;
  }
}
