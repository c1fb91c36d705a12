/**
 * Kysely table types. Tables are snake_case singular; money columns end in `_fen` and are integers.
 * Keep in step with the migrations in ./migrations (DATABASE.md describes each table).
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type JsonValue = ColumnType<unknown, string, string>;

/** 部门 — an agency or one of its sub-units, bound to a region. */
export interface DepartmentTable {
  code: string;
  name: string;
  parent_code: string | null;
  agency: string;
  region_code: string;
  created_at: CreatedAt;
}

/**
 * 账号 — citizen, employer, staff or administrator. Personal values are sealed (see personal-data.ts); the
 * repository reads and writes `AccountRow`, with the login and phone as text.
 */
export interface AccountTable {
  id: Generated<string>;
  kind: 'citizen' | 'employer' | 'staff' | 'admin';
  /** Staff and administrator user names, employers' 统一社会信用代码; null for citizens (see login_name_enc). */
  login_name: string | null;
  /** Lookup hash of the normalised login name, every kind: login, and one account per login (unique). */
  login_hmac: string;
  /** A citizen's 身份证号, sealed (0010). */
  login_name_enc: string | null;
  display_name: string;
  password_hash: string;
  department_code: string | null;
  region_code: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  /** The mobile number, sealed (0010). */
  phone_enc: string | null;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  created_at: CreatedAt;
  password_changed_at: Timestamp;
}

/** 会话 — a login session; only the SHA-256 of the cookie token is stored. */
export interface SessionTable {
  token_hash: string;
  account_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  ip: string | null;
}

/** 登录尝试 — the input of login throttling. */
export interface LoginAttemptTable {
  id: Generated<number>;
  /** Lookup hash of the normalised login name (0010; never the name itself). */
  login_key: string;
  ip: string | null;
  succeeded: boolean;
  at: Timestamp;
}

/** 审计日志 — append-only, hash-chained per partition. */
export interface AuditLogTable {
  id: Generated<number>;
  partition: string;
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  region_code: string | null;
  request_id: string | null;
  details: JsonValue;
  prev_hash: string;
  hash: string;
  /** The key the hash is an HMAC under; null: a legacy row (plain SHA-256, written before 0007). */
  key_id: string | null;
}

/** The last link of each audit chain (row-locked while appending). */
export interface AuditChainHeadTable {
  partition: string;
  seq: number;
  hash: string;
}

/** 工作日历年度 — a year of holiday/调休 data loaded by an administrator. */
export interface CalendarYearTable {
  year: number;
  data: JsonValue;
  loaded_by: string | null;
  loaded_at: CreatedAt;
}

/** 短信验证码 — hashes only (see migration 0009). */
export interface VerificationCodeTable {
  id: Generated<number>;
  purpose: 'register' | 'password_reset';
  subject_hash: string;
  code_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  used_at: Date | null;
}

/** 访问频次 — a fixed-window counter per key (see `rate-limit.repository.ts`). */
export interface RateLimitHitTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

/** 办件 — a case with its derived summary (state, clock, indexed deadline). */
export interface CaseFileTable {
  case_number: string;
  matter_code: string;
  matter_version: number;
  applicant_id: string;
  region_code: string;
  department_code: string;
  state: string;
  terminal: boolean;
  clock_state: string;
  event_count: number;
  deadline_at: Date | null;
  /** The deadline used an estimated calendar year (no holiday notice loaded yet): shown as 「预计」. */
  deadline_provisional: ColumnType<boolean, boolean | undefined, boolean>;
  warn_at: Date | null;
  closed_at: Date | null;
  closed_on_time: boolean | null;
  idempotency_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 办件事件 — append-only; `body` holds opinion, materials, outcome, pause and data (personal fields sealed, 0010). */
export interface CaseEventTable {
  case_number: string;
  seq: number;
  at: Timestamp;
  actor_id: string;
  actor_role: string;
  action: string;
  kind: string;
  from_state: string;
  to_state: string;
  body: JsonValue;
}

/** 计时器 — durable timers of open cases (warning and deadline). */
export interface CaseTimerTable {
  id: Generated<number>;
  case_number: string;
  kind: 'warn' | 'due' | 'stage' | 'task';
  region_code: string;
  /** For `task` timers: the task. */
  task_id: number | null;
  fire_at: Timestamp;
  fired_at: Date | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
}

/** 发件箱 — notifications to send (SMS …), written in the same transaction as the event. */
export interface OutboxTable {
  id: Generated<number>;
  channel: string;
  /** For `sms`: the mobile number, sealed (0010); otherwise a department address or code. */
  recipient: string;
  body: string;
  ref: string | null;
  created_at: Timestamp;
  next_attempt_at: Timestamp;
  sent_at: Date | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
}

/** 好差评 — the applicant's rating of a closed case and the follow-up of a bad one. */
export interface CaseRatingTable {
  case_number: string;
  channel: string;
  score: number;
  comment: string | null;
  rated_at: Timestamp;
}

/** 跟进任务 — 差评整改 and 告知承诺核查, each with its own deadline and department. */
export interface CaseTaskTable {
  id: Generated<number>;
  case_number: string;
  kind: 'rating_follow_up' | 'commitment_verification';
  department_code: string;
  region_code: string;
  opened_at: Timestamp;
  due_at: Timestamp;
  /** The due date used an estimated calendar year: shown as 「预计」, recomputed when the year is loaded. */
  due_provisional: ColumnType<boolean, boolean | undefined, boolean>;
  closed_at: Date | null;
  closed_by: string | null;
  outcome: string | null;
  note: string | null;
  ref: string;
}

/** 一件事 (bundle): the parent case of a joint application. */
export interface BundleTable {
  bundle_number: string;
  birth_record: string;
  bundle_code: string;
  bundle_version: number;
  applicant_id: string;
  region_code: string;
  department_code: string;
  /** The merged form; personal fields sealed (0010). */
  form: JsonValue;
  eligibility: JsonValue;
  status: 'in_progress' | 'completed' | 'completed_with_exceptions' | 'withdrawn';
  idempotency_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Date | null;
}

/** One part of a bundle: a sub-case at one agency. */
export interface BundlePartTable {
  bundle_number: string;
  matter_code: string;
  case_number: string;
  delivery: 'pending' | 'confirmed' | 'rejected' | 'failed';
  agency_ref: string | null;
  status: string;
  result: JsonValue | null;
  updated_at: Timestamp;
}

/** Per-prefix counters for case numbers. */
export interface CaseCounterTable {
  prefix: string;
  last: number;
}

/** The whole database. */
export interface Database {
  department: DepartmentTable;
  account: AccountTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  calendar_year: CalendarYearTable;
  case_file: CaseFileTable;
  case_event: CaseEventTable;
  case_counter: CaseCounterTable;
  case_timer: CaseTimerTable;
  rate_limit_hit: RateLimitHitTable;
  verification_code: VerificationCodeTable;
  outbox: OutboxTable;
  case_rating: CaseRatingTable;
  case_task: CaseTaskTable;
  bundle: BundleTable;
  bundle_part: BundlePartTable;
}

export type CaseFileRow = Selectable<CaseFileTable>;
export type BundleRow = Selectable<BundleTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type BundlePartRow = Selectable<BundlePartTable>;
export type CaseEventRow = Selectable<CaseEventTable>;

/** The stored columns of an account, as they are (sealed values sealed). */
export type StoredAccountRow = Selectable<AccountTable>;
/** An account as the repository returns it: the login name (a citizen's 身份证号 too) and phone as text. */
export type AccountRow = Omit<
  StoredAccountRow,
  'login_name' | 'login_hmac' | 'login_name_enc' | 'phone_enc'
> & {
  login_name: string;
  phone: string | null;
};
/** A new account as the repository takes it (it seals and hashes). */
export type NewAccount = Omit<
  Insertable<AccountTable>,
  'login_name' | 'login_hmac' | 'login_name_enc' | 'phone_enc'
> & { login_name: string; phone?: string | null };
export type DepartmentRow = Selectable<DepartmentTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
