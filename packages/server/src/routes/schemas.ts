import { isValidDate } from '@renshe/domain/dates.ts';
/** Zod schemas shared by routes (and, through OpenAPI, by the generated web client). */
import { z } from 'zod';

/** The error body of every non-2xx response. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().describe('稳定的错误码，如 ID_NUMBER_CHECKSUM'),
      message: z.string().describe('中文说明'),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .describe('错误');

/** Standard error responses for documentation. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
} as const;

/** A business date `YYYY-MM-DD` (Asia/Shanghai). */
export const BusinessDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isValidDate, '日期不存在');

/** 6-digit region code. */
export const RegionCodeSchema = z.string().regex(/^\d{6}$/, '区划代码应为 6 位数字');

/** An account as the API shows it (never the password hash). */
export const AccountView = z.object({
  id: z.string(),
  kind: z.enum(['citizen', 'employer', 'staff', 'admin']),
  loginName: z.string().describe('身份证号/统一社会信用代码/工作人员账号（身份证号已脱敏）'),
  displayName: z.string(),
  departmentCode: z.string().nullable(),
  regionCode: z.string().nullable(),
  roles: z.array(z.string()),
});

/** Largest page a list returns. */
export const MAX_PAGE_SIZE = 100;

/** The paging query of every list: `page` from 1 (default 1), `pageSize` 1…100 (default 20). */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).describe('每页条数（至多 100）'),
});

/** A page of a list: the rows of this page and the number of rows in all pages. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().describe('全部条数'),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
