/**
 * Maps every error to `{ error: { code, message, details } }` with a stable code. Domain errors keep
 * their code; bad input of any kind is a 4xx; only a genuine fault is a 500, logged with the request id.
 */
import { isDomainError } from '@renshe/domain/errors.ts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** HTTP status for a domain error code. Unlisted codes are 400 (the input was wrong). */
export function statusForCode(code: string): number {
  const exact: Record<string, number> = {
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    CSRF_ORIGIN_REJECTED: 403,
    LOGIN_FAILED: 401,
    CALENDAR_YEAR_NOT_COVERED: 422,
    CALENDAR_YEAR_PROVISIONAL: 422,
  };
  if (exact[code]) return exact[code];
  if (code.endsWith('_THROTTLED')) return 429;
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code.endsWith('_EXISTS') || code.endsWith('_CONFLICT')) return 409;
  return 400;
}

/** The error body every route returns. */
export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** Registers the error and not-found handlers. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (status: number, code: string, message: string, details: Record<string, unknown> = {}) => {
      const body: ErrorBody = { error: { code, message, details: { ...details, requestId: req.id } } };
      return reply.status(status).send(body);
    };
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        field: [
          err.validationContext,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ].join('.'),
        message: v.message,
      }));
      return send(
        400,
        'VALIDATION_FAILED',
        `输入有误：${issues.map((i) => `${i.field} ${i.message}`).join('；')}`,
        {
          issues,
        },
      );
    }
    if (isDomainError(err)) {
      const status = statusForCode(err.code);
      if (status === 429 && typeof err.details.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(err.details.retryAfterSeconds));
      }
      return send(status, err.code, err.message, err.details);
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      return send(status, err.code ?? 'BAD_REQUEST', err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, 'INTERNAL_ERROR', '服务器内部错误，请稍后重试');
  });
  app.setNotFoundHandler((req, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `没有这个接口：${req.method} ${req.url.split('?')[0]}`,
        details: { requestId: req.id },
      },
    };
    return reply.status(404).send(body);
  });
}
