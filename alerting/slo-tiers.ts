import { Severity } from "../spec";

/**
 * Burn-rate tiers of SLO alerts, fastest first, with the severity each carries (the SLO issue's
 * contract: label `slo_tier`, values page-1h, page-6h, ticket-1d, ticket-3d). A faster tier inhibits
 * every slower one of the same SLO. Replace with the SLO rule generator's own table once it exports one.
 */
export const SLO_TIERS = [
  { tier: "page-1h", severity: Severity.page },
  { tier: "page-6h", severity: Severity.page },
  { tier: "ticket-1d", severity: Severity.ticket },
  { tier: "ticket-3d", severity: Severity.ticket },
] as const;
