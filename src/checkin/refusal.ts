import { AppError, type ErrorBody, type ErrorCode } from '../errors.js';

/**
 * A refused check-in: 422 with the contract's code. OUT_OF_RANGE carries `distanceM` both beside
 * the code (where checkin.md §7 names it) and in `details` (where every other error puts extras).
 */
export class CheckinRefusal extends AppError {
  constructor(
    code: ErrorCode,
    readonly distanceM: number | null = null,
    extra: Record<string, unknown> = {},
  ) {
    super(code, undefined, distanceM === null && Object.keys(extra).length === 0 ? undefined : { ...extra, ...(distanceM === null ? {} : { distanceM }) });
    this.name = 'CheckinRefusal';
  }

  override toBody(): ErrorBody {
    const body = super.toBody();
    return this.distanceM === null ? body : { error: { ...body.error, distanceM: this.distanceM } as ErrorBody['error'] };
  }
}
