/**
 * The typed API client. Paths, parameters and bodies come from the generated `schema.d.ts` (run
 * `npm run gen:api` after a server change); every error body `{ error: { code, message, details } }` is
 * turned into an {@link ApiError} carrying the server's Chinese message.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The client; cookies of the same origin carry the session. */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
});

/** An error the API reported (or a network failure), with a message fit to show to the user. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** Stable code, e.g. `LOGIN_FAILED`; `NETWORK_ERROR` when no answer came. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The request id the server logged, for support. */
  get requestId(): string | undefined {
    return typeof this.details.requestId === 'string' ? this.details.requestId : undefined;
  }
}

/** A JSON body shaped like the server's error body. */
function isErrorBody(
  body: unknown,
): body is { error: { code: string; message: string; details?: Record<string, unknown> } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

/** Builds an ApiError from a failed response's body. */
export function toApiError(body: unknown, status: number): ApiError {
  if (isErrorBody(body)) {
    return new ApiError(
      String(body.error.code ?? 'ERROR'),
      body.error.message,
      status,
      body.error.details ?? {},
    );
  }
  if (status >= 500)
    return new ApiError('INTERNAL_ERROR', `服务器暂时无法处理请求（HTTP ${status}），请稍后重试`, status);
  return new ApiError('HTTP_ERROR', `请求失败（HTTP ${status}）`, status);
}

/** Result of one openapi-fetch call. */
type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an API call and returns its data, or throws an {@link ApiError} with the server's Chinese message.
 *
 * @example const day = await unwrap(api.GET('/api/v1/calendar/days/{date}', { params: { path: { date } } }));
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (e) {
    throw new ApiError('NETWORK_ERROR', '无法连接服务器，请检查网络后重试', 0, { cause: String(e) });
  }
  if (result.error !== undefined || !result.response.ok)
    throw toApiError(result.error, result.response.status);
  return result.data as T;
}

/** The message to show for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
