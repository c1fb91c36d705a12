/** Response types of the API, read from the generated schema so they follow the server. */
import type { paths } from './schema';

/** The JSON body of the 200/201 response of `method` on `path`. */
export type ApiOk<P extends keyof paths, M extends 'get' | 'post' | 'put'> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

/** An account as the API shows it. */
export type Account = ApiOk<'/api/v1/auth/me', 'get'>;

/** A region with its ancestors and children. */
export type RegionDetail = ApiOk<'/api/v1/regions/{code}', 'get'>;

/** One region in a list. */
export type RegionItem = RegionDetail['children'][number];

/** A department. */
export type Department = ApiOk<'/api/v1/departments', 'get'>[number];

/** The kind of one calendar day. */
export type DayInfo = ApiOk<'/api/v1/calendar/days/{date}', 'get'>;

/** Result of the ID / credit-code check. */
export type IdCheckResult = ApiOk<'/api/v1/tools/validate-id', 'post'>;

/** Result of the audit-chain verification. */
export type AuditVerifyResult = ApiOk<'/api/v1/admin/audit/verify', 'post'>;

/** One matter in the service-guide catalogue. */
export type MatterSummary = ApiOk<'/api/v1/matters', 'get'>[number];

/** My case in the list of my cases. */
export type CaseItem = ApiOk<'/api/v1/cases', 'get'>['items'][number];

/** A page of my cases: the rows and the number of all of them. */
export type CasesPageData = ApiOk<'/api/v1/cases', 'get'>;

/** A case with its clock, materials, timeline and the actions open to me. */
export type CaseDetail = ApiOk<'/api/v1/cases/{caseNumber}', 'get'>;

/** One stage of a case's timeline. */
export type TimelineEntry = CaseDetail['timeline'][number];

/** The legal clock of a case. */
export type CaseClock = NonNullable<CaseDetail['clock']>;

/** One case in a staff member's inbox. */
export type InboxItem = ApiOk<'/api/v1/inbox', 'get'>['items'][number];

/** A page of the inbox: the rows, the number of all open cases, the page and its size. */
export type InboxPageData = ApiOk<'/api/v1/inbox', 'get'>;

/** The public progress of a case. */
export type CaseProgress = ApiOk<'/api/v1/progress', 'get'>;

/** A time limit in a service guide. */
export interface GuideLimit {
  amount: number;
  unit: 'working_days' | 'calendar_days';
  basis?: string;
}

/** Where a material comes from (来源渠道). */
export type MaterialSource = 'applicant' | 'shared' | 'e_licence' | 'commitment' | 'agency';

/**
 * The service guide (办事指南) of a matter. The API serves it as an open object, so the fields the shell
 * reads are spelled out here (they follow the matter schema of @renshe/cases, which web may not import).
 */
export interface MatterGuide {
  code: string;
  version: number;
  name: string;
  type: string;
  department: { agency: string; unit?: string };
  implementingBody: string;
  legalBasis: { title: string; article: string }[];
  applicantKinds: ('citizen' | 'employer')[];
  conditions: string[];
  materials: {
    id: string;
    name: string;
    form: 'paper' | 'electronic' | 'either';
    copies: number;
    required: boolean;
    deferrable?: boolean;
    commitmentAllowed?: boolean;
    source: MaterialSource;
    note?: string;
  }[];
  timeLimits: {
    statutory: GuideLimit;
    promised?: GuideLimit;
    acceptance?: GuideLimit;
    filing?: { who: string; limit: GuideLimit | { years: number } }[];
  };
  fees: { charged: boolean; basis?: string };
  deferredAcceptance: { allowed: boolean; deadline?: GuideLimit };
  commitment: { allowed: boolean; text?: string; verificationWithin?: GuideLimit };
  result: { name: string; type: string; fields?: { id: string; label: string; pattern: string }[] };
  consultation: string[];
  complaint: string[];
  onSiteVisits: number;
  onSiteReason?: string;
  workflow: {
    states: { id: string; label: string; pauseReasons?: { reason: string; basis: string }[] }[];
    actions: {
      id: string;
      label: string;
      kind: string;
      to: string;
      notice?: string;
      opinionRequired?: boolean;
      outcomes?: { id: string; label: string }[];
    }[];
  };
}

/** The eligibility pre-check of a bundle (一件事). */
export type BundlePrecheck = ApiOk<'/api/v1/bundles/{code}/precheck', 'post'>;

/** A bundle with its parts and one timeline. */
export type BundleView = ApiOk<'/api/v1/bundles/{bundleNumber}', 'get'>;

/** A bundle's guide: conditions, merged form, parts. */
export interface BundleGuide {
  code: string;
  name: string;
  summary: string;
  legalBasis: { title: string; article: string }[];
  eligibility: { id: string; label: string; instead: string }[];
  form: {
    title: string;
    fields: {
      id: string;
      label: string;
      type: 'text' | 'id_number' | 'date' | 'enum' | 'region' | 'phone';
      required: boolean;
      options?: { value: string; label: string }[];
      default?: string;
      help?: string;
    }[];
  }[];
  parts: { matter: string; name: string; optional: boolean; implementingBody: string; result: string }[];
}

/** A follow-up task of a case (差评整改、告知承诺核查). */
export type CaseTask = CaseDetail['tasks'][number];

/** The covered and estimated years of the working calendar, with each year's source. */
export type CalendarYears = ApiOk<'/api/v1/calendar/years', 'get'>;

/** A year's holiday arrangement as an administrator loads it (from the State Council notice). */
export type CalendarYearBody =
  paths['/api/v1/admin/calendar/years/{year}']['put']['requestBody']['content']['application/json'];

/** What loading (or previewing) a calendar year did. */
export type CalendarYearLoad = ApiOk<'/api/v1/admin/calendar/years/{year}', 'put'>;

/** One open case whose deadline a calendar year changes (or would change). */
export type ClockChange = CalendarYearLoad['recompute']['changed'][number];
