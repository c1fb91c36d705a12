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
