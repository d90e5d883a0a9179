/**
 * A rule of the domain was broken. `code` is stable and reaches API clients; `kind` says
 * which HTTP family it belongs to without the domain knowing about HTTP.
 */
/** `upstream`: an outside service (Twilio, storage) failed or refused our credentials. */
export type DomainErrorKind =
  'not_found' | 'conflict' | 'invalid' | 'forbidden' | 'unprocessable' | 'upstream' | 'unsupported_media' | 'too_large';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'not_found');
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, 'conflict', details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'forbidden');
  }
}

export class InvalidError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, 'invalid', details);
  }
}
