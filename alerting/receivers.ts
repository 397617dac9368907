import { HeartbeatType, naming, type AlertingConfig, type HeartbeatConfig, type ReceiverConfig } from "../config";
import type { AmReceiver, Credentials } from "./types";

/** Looks a credential up; the spec edge has checked that every one is set. */
function credential(creds: Credentials, name: string): string {
  const v = creds[name];
  if (v === undefined) throw new Error(`credential ${name} is missing; credentialIssues() reports this before generation`);
  return v;
}

// Slack shows the summary and the runbook link of every alert in the group.
const SLACK_TITLE =
  '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}';
const SLACK_TEXT =
  "{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }}{{ if .Annotations.runbook_url }} <{{ .Annotations.runbook_url }}|runbook>{{ end }}\n{{ end }}";

/** One team receiver; `role` decides the urgency the integration is told. */
export function teamReceiver(name: string, r: ReceiverConfig, role: "pager" | "chat", creds: Credentials): AmReceiver {
  switch (r.type) {
    case "pagerduty":
      return {
        name,
        pagerduty_configs: [
          { routing_key: credential(creds, name), severity: role === "pager" ? "critical" : "warning", send_resolved: true },
        ],
      };
    case "opsgenie":
      return {
        name,
        opsgenie_configs: [
          {
            api_key: credential(creds, name),
            priority: role === "pager" ? "P1" : "P3",
            send_resolved: true,
            ...(r.responderTeam !== undefined ? { responders: [{ type: "team", name: r.responderTeam }] } : {}),
          },
        ],
      };
    case "slack":
      return {
        name,
        slack_configs: [
          { api_url: credential(creds, name), channel: r.channel, send_resolved: true, title: SLACK_TITLE, text: SLACK_TEXT },
        ],
      };
    case "webhook":
      return { name, webhook_configs: [{ url: credential(creds, name), send_resolved: true }] };
    case "email":
      return { name, email_configs: [{ to: r.to, send_resolved: true }] };
  }
}

/** The dead-man's switch: pinged on every repeat of the Watchdog; a resolved Watchdog is no ping. */
export function heartbeatReceiver(h: HeartbeatConfig, creds: Credentials): AmReceiver {
  const name = naming.alerting.heartbeatReceiver;
  if (h.type === HeartbeatType.url) {
    return { name, webhook_configs: [{ url: credential(creds, name), send_resolved: false }] };
  }
  return {
    name,
    webhook_configs: [
      {
        url: `${h.apiUrl}/v2/heartbeats/${h.name ?? ""}/ping`,
        send_resolved: false,
        http_config: { authorization: { type: "GenieKey", credentials: credential(creds, name) } },
      },
    ],
  };
}

/** Every receiver of a stack, sorted by name: null, heartbeat (when there is one), then the teams'. */
export function receivers(a: AlertingConfig, creds: Credentials): AmReceiver[] {
  const out: AmReceiver[] = [{ name: naming.alerting.nullReceiver }];
  if (a.heartbeat) out.push(heartbeatReceiver(a.heartbeat, creds));
  for (const t of a.teams) {
    if (t.pager) out.push(teamReceiver(naming.receiverName(t.name, "pager"), t.pager, "pager", creds));
    out.push(teamReceiver(naming.receiverName(t.name, "chat"), t.chat, "chat", creds));
  }
  return out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
