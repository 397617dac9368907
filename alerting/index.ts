export { alertmanagerConfig } from "./config";
export {
  credentialIssues,
  credentials,
  placeholderCredentials,
  setCredentialCommand,
  type Credential,
  type CredentialKind,
} from "./credentials";
export { inhibitRules, inhibitions, type Inhibition, type InhibitionSide } from "./inhibition";
export { PAGING_SEVERITIES, SILENT_SEVERITIES, expectedReceiver, owningTeam } from "./policy";
export { receivers } from "./receivers";
export { expectedRoute, routeTree, type RouteTimingOf } from "./routes";
export { UNKNOWN_TEAM, routingTable, type RoutingRow } from "./routing-table";
export { runbooks, type Runbook } from "./runbooks";
export * from "./types";
