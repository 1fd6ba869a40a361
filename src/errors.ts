/**
 * One table of application error codes: HTTP status, whether a caller may retry, default message.
 * Everything user-facing (HTTP error bodies, CLI exits) is derived from it.
 */
export const errorTable = {
  bad_request: { status: 400, retryable: false, message: 'The request is malformed.' },
  validation_failed: { status: 400, retryable: false, message: 'The input failed validation.' },
  payload_too_large: { status: 413, retryable: false, message: 'The request body is too large.' },
  unauthenticated: { status: 401, retryable: false, message: 'Authentication is required.' },
  bad_signature: { status: 401, retryable: false, message: 'The signature does not verify.' },
  forbidden: { status: 403, retryable: false, message: 'Not allowed.' },
  not_found: { status: 404, retryable: false, message: 'Not found.' },
  conflict: { status: 409, retryable: false, message: 'The request conflicts with stored state.' },
  period_locked: { status: 409, retryable: false, message: 'The period is locked.' },
  unsupported_media_type: { status: 415, retryable: false, message: 'Unsupported content type.' },
  rate_limited: { status: 429, retryable: true, message: 'Too many requests.' },
  database_unavailable: { status: 503, retryable: true, message: 'The database is unavailable.' },
  vendor_unavailable: { status: 503, retryable: true, message: 'The vendor API is unavailable.' },
  lease_held: { status: 409, retryable: true, message: 'Another process holds this job.' },
  config_invalid: { status: 500, retryable: false, message: 'The configuration is invalid.' },
  internal: { status: 500, retryable: false, message: 'Internal error.' },
  outside_shift: { status: 422, retryable: false, message: "The interval is not inside the employee's shifts." },
  correction_window: { status: 422, retryable: false, message: 'The correction is outside the allowed window.' },
  correction_limit: { status: 422, retryable: false, message: 'The monthly number of corrections is used up.' },
  insufficient_balance: { status: 422, retryable: false, message: 'The balance does not cover the request.' },
  no_approval_flow: { status: 422, retryable: false, message: 'The employee has no vendor identity to route the approval through.' },
  request_overlap: { status: 409, retryable: false, message: 'The request overlaps an existing pending or approved request.' },
  request_not_cancellable: { status: 409, retryable: false, message: 'The request cannot be cancelled.' },
  out_of_range: { status: 422, retryable: false, message: 'The check-in is outside every allowed site.' },
  qr_expired: { status: 422, retryable: false, message: 'The QR code or check-in code has expired; scan the current one.' },
  qr_invalid: { status: 422, retryable: false, message: 'The QR code or check-in code is not valid for this event.' },
  event_not_open: { status: 422, retryable: false, message: 'The event is not open for check-in now.' },
  not_invited: { status: 422, retryable: false, message: 'You are not on the attendee list of this event.' },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof errorTable;

/** On the wire every code is UPPER_SNAKE (`bad_signature` → `BAD_SIGNATURE`), as the public contract fixes. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown, options?: ErrorOptions) {
    super(message ?? errorTable[code].message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return errorTable[this.code].status;
  }
  get retryable(): boolean {
    return errorTable[this.code].retryable;
  }
  toBody(): ErrorBody {
    return {
      error: { code: this.code.toUpperCase(), message: this.message, ...(this.details === undefined ? {} : { details: this.details }) },
    };
  }
}

/** Input that failed validation; `issues` lists every problem, with a path each. */
export class ValidationError extends AppError {
  readonly issues: { path: string; message: string }[];
  constructor(message: string, issues: { path: string; message: string }[]) {
    super('validation_failed', message, { issues });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** A CLI failure: printed as one message on stderr, exits with `exitCode`, no stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('internal', undefined, undefined, { cause: err });
}

/** zod issues → `{ path, message }` with dotted paths (`0.shift.segments.1.start`). */
export function issuesFromZod(issues: readonly { path: readonly PropertyKey[]; message: string }[]): { path: string; message: string }[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}
