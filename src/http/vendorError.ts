/** What a client does with a vendor answer; every adapter's error table maps codes onto these. */
export type VendorAction = 'ok' | 'retry' | 'rate_limited' | 'refresh_token' | 'quota_exhausted' | 'fail';

/** A vendor call that did not succeed, classified by the adapter's error table. */
export class VendorError extends Error {
  readonly vendor: string;
  readonly api: string;
  readonly code: string;
  readonly action: VendorAction;
  constructor(vendor: string, api: string, code: string | number, message: string, action: VendorAction) {
    super(`${vendor} ${api} failed: ${code} ${message}`);
    this.name = 'VendorError';
    this.vendor = vendor;
    this.api = api;
    this.code = String(code);
    this.action = action;
  }
  /** Transient: a later attempt may succeed (busy, rate limits, network). */
  get transient(): boolean {
    return this.action === 'retry' || this.action === 'rate_limited';
  }
}
