/**
 * Domain errors carry a stable code (e.g. `ID_NUMBER_INVALID`) and structured details.
 * Engines throw these; only the server's error plugin maps a code to an HTTP status.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** True when `e` is a DomainError (optionally with the given code). */
export function isDomainError(e: unknown, code?: string): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}
