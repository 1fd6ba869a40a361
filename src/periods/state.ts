/** The month's states, in the order they are reached. */
export const PERIOD_STATES = ['open', 'confirming', 'signed_off', 'locked'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

export const DECISIONS = ['confirm', 'dispute'] as const;
export type Decision = (typeof DECISIONS)[number];

/** What the organisation has done about a month so far (everyone, not one caller's scope). */
export interface Progress {
  /** Employees with day results in the month. */
  people: number;
  /** Employees who confirmed or disputed. */
  decided: number;
  signOffs: number;
  /** People whose department no sign-off covers yet (people without a department count too). */
  uncovered: number;
}

/**
 * The state of a month that is not locked, derived from what was recorded: signed off once every
 * person is under a signed department tree; confirming once anyone acted; else open. Deriving it
 * (rather than stepping it) keeps it right after an unlock or a late employee move.
 */
export function derivedState(p: Progress): Exclude<PeriodState, 'locked'> {
  if (p.people > 0 && p.uncovered === 0) return 'signed_off';
  return p.decided + p.signOffs > 0 ? 'confirming' : 'open';
}
