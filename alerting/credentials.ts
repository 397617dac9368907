import { HeartbeatType, naming, type AlertingConfig, type ReceiverConfig, type ConfigIssue } from "../config";
import type { Credentials } from "./types";

/** Whether a credential is a URL (Alertmanager parses it as one) or an opaque token. */
export type CredentialKind = "url" | "token";

/** One secret the routing needs: its key in `alertingSecrets` and what it is. */
export interface Credential {
  /** Key in the `alertingSecrets` secret config map: the receiver's name, `heartbeat` or `smtp`. */
  readonly name: string;
  readonly kind: CredentialKind;
  /** What to paste, for error messages and the README. */
  readonly what: string;
}

const RECEIVER_CREDENTIAL: Record<ReceiverConfig["type"], { kind: CredentialKind; what: string } | undefined> = {
  pagerduty: { kind: "token", what: "PagerDuty Events API v2 integration (routing) key" },
  opsgenie: { kind: "token", what: "Opsgenie API integration key" },
  slack: { kind: "url", what: "Slack incoming webhook URL" },
  webhook: { kind: "url", what: "webhook URL" },
  // Email receivers share the SMTP password (credential `smtp`).
  email: undefined,
};

/** Every credential a stack's routing needs, sorted by name. */
export function credentials(a: AlertingConfig): Credential[] {
  const out: Credential[] = [];
  for (const t of a.teams) {
    const roles = [
      ["pager", t.pager],
      ["chat", t.chat],
    ] as const;
    for (const [role, r] of roles) {
      const c = r && RECEIVER_CREDENTIAL[r.type];
      if (c) out.push({ name: naming.receiverName(t.name, role), ...c });
    }
  }
  if (a.heartbeat) {
    out.push(
      a.heartbeat.type === HeartbeatType.url
        ? {
            name: naming.alerting.heartbeatReceiver,
            kind: "url",
            what: "heartbeat ping URL (healthchecks.io, Dead Man's Snitch, Cronitor)",
          }
        : { name: naming.alerting.heartbeatReceiver, kind: "token", what: "Opsgenie API key allowed to ping the heartbeat" },
    );
  }
  if (a.smtp?.username !== undefined) out.push({ name: naming.alerting.smtpCredential, kind: "token", what: "SMTP password" });
  return out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** The command that sets one credential, as the error messages and the README show it. */
export function setCredentialCommand(name: string): string {
  return `pulumi config set --secret --path '${naming.alerting.secretsConfigKey}["${name}"]' <value>`;
}

/**
 * Problems with the credentials a stack has set (their names only; values are never read): every
 * missing credential and every key no receiver uses (a misspelt receiver), each with the fix.
 */
export function credentialIssues(a: AlertingConfig, setNames: readonly string[]): ConfigIssue[] {
  const key = naming.alerting.secretsConfigKey;
  const needed = credentials(a);
  const issues: ConfigIssue[] = [];
  for (const c of needed) {
    if (!setNames.includes(c.name)) {
      issues.push({
        path: `${key}.${c.name}`,
        message: `is not set: the ${c.what} of receiver ${c.name}; set it with ${setCredentialCommand(c.name)}`,
      });
    }
  }
  const names = new Set(needed.map((c) => c.name));
  for (const n of [...setNames].sort()) {
    if (!names.has(n)) {
      issues.push({
        path: `${key}.${n}`,
        message: `is not a credential of any receiver of this stack; credentials: ${[...names].join(", ") || "none"}`,
      });
    }
  }
  return issues;
}

/** Stand-ins for every credential: `url` for URL credentials, `token` for the rest. */
export function placeholderCredentials(a: AlertingConfig, placeholders: { url: string; token: string }): Credentials {
  return Object.fromEntries(credentials(a).map((c) => [c.name, c.kind === "url" ? placeholders.url : placeholders.token]));
}
