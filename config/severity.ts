/** Alert severities: the closed set routing understands. */
export const Severity = {
  /** Wake someone up: users are hurting now. */
  page: "page",
  /** Needs a human within working hours. */
  ticket: "ticket",
  /** Worth a look in chat; not an incident on its own. */
  warning: "warning",
  /** Context for other alerts; never notifies on its own. */
  info: "info",
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];
export const SEVERITIES: readonly Severity[] = Object.values(Severity);
