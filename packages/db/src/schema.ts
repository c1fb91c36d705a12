/**
 * Kysely table types. Tables are snake_case singular; money columns end in `_fen` and are integers.
 * Keep in step with the migrations in ./migrations (DATABASE.md describes each table).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

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

/** 账号 — citizen, employer, staff or administrator. */
export interface AccountTable {
  id: Generated<string>;
  kind: 'citizen' | 'employer' | 'staff' | 'admin';
  login_name: string;
  display_name: string;
  password_hash: string;
  department_code: string | null;
  region_code: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  phone: string | null;
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

/** The whole database. */
export interface Database {
  department: DepartmentTable;
  account: AccountTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  calendar_year: CalendarYearTable;
}

export type AccountRow = Selectable<AccountTable>;
export type NewAccount = Insertable<AccountTable>;
export type AccountUpdate = Updateable<AccountTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
