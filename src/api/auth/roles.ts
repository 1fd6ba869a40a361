/** The roles an API token can carry (checkin.md §7 fixes the names). */
export const ROLES = ['employee', 'manager', 'hr', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is calling: resolved from the bearer token on every request. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** The employee the token speaks for (required for `employee`, optional otherwise). */
  employeeId: string | null;
  /** A manager token may be bound to a department instead of (or besides) an employee. */
  departmentId: string | null;
}

/** Role groups the routes share, so a route's role list reads as intent. */
export const EVERYONE: readonly Role[] = ROLES;
export const PEOPLE: readonly Role[] = ['employee', 'manager', 'hr', 'admin'];
export const HR_ONLY: readonly Role[] = ['hr', 'admin'];
/** Roles that see the whole organisation. */
export const ORGANISATION_WIDE: ReadonlySet<Role> = new Set<Role>(['hr', 'admin', 'system']);
