import { describe, expect, it } from "vitest";
import { checkStack, naming } from "../config";
import { credentialIssues, credentials, expectedReceiver } from "../alerting";
import { baseConfig, withValue } from "./support/config";

/** A minimal valid alerting block: one team with a Slack chat and a ping-URL heartbeat. */
function alertingConfig(): Record<string, unknown> {
  return {
    ...baseConfig(),
    alerting: {
      heartbeat: { type: "url" },
      teams: { platform: { chat: { type: "webhook" } }, backend: { chat: { type: "slack", channel: "#backend" } } },
    },
  };
}

function problems(config: Record<string, unknown>): string[] {
  const r = checkStack({ stack: "test", config });
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

function spec(config: Record<string, unknown>) {
  const r = checkStack({ stack: "test", config });
  if (r.spec?.alerting === undefined) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  return r.spec.alerting;
}

describe("alerting config", () => {
  it("a minimal block parses with the documented defaults", () => {
    const a = spec(alertingConfig());
    expect(a.defaultTeam).toBe("platform");
    expect(a.groupBy).toEqual(["alertname", "namespace", "service"]);
    expect(a.heartbeat?.repeatInterval.text).toBe("1m");
    const backend = a.teams.find((t) => t.name === "backend");
    expect(backend?.routes.page.repeatInterval.text).toBe("4h");
    expect(backend?.routes.ticket.repeatInterval.text).toBe("24h");
    expect(backend?.routes.warning.repeatInterval.text).toBe("12h");
  });

  it("a team's route overrides and mutes are merged over the stack's", () => {
    let c = withValue(alertingConfig(), "alerting.timeIntervals", {
      maintenance: [{ weekdays: ["sunday"] }],
      office: [{ weekdays: ["monday:friday"] }],
    });
    c = withValue(c, "alerting.routes", { ticket: { activeTimeIntervals: ["office"], repeatInterval: "48h" } });
    c = withValue(c, "alerting.teams.backend.muteTimeIntervals", ["maintenance"]);
    c = withValue(c, "alerting.teams.backend.routes", { page: { repeatInterval: "1h" } });
    const backend = spec(c).teams.find((t) => t.name === "backend");
    expect(backend?.routes.page).toMatchObject({ repeatInterval: { text: "1h" }, muteTimeIntervals: ["maintenance"] });
    expect(backend?.routes.ticket).toMatchObject({
      repeatInterval: { text: "48h" },
      muteTimeIntervals: ["maintenance"],
      activeTimeIntervals: ["office"],
    });
  });

  it("allowNoHeartbeat with a reason sends the Watchdog nowhere, explicitly", () => {
    const c = withValue(
      withValue(alertingConfig(), "alerting.heartbeat", undefined),
      "alerting.allowNoHeartbeat",
      "ephemeral CI cluster, torn down after each run",
    );
    const a = spec(c);
    expect(a.noHeartbeatReason).toBe("ephemeral CI cluster, torn down after each run");
    expect(expectedReceiver(a, { alertname: naming.alert.watchdog, severity: "none" })).toBe(naming.alerting.nullReceiver);
  });

  it.each([
    [
      "a stack without a heartbeat is refused, with the reason",
      withValue(alertingConfig(), "alerting.heartbeat", undefined),
      "alerting.heartbeat: is required: the Watchdog alert proves the alerting pipeline works only if a dead-man's switch (a healthchecks-style ping URL, or an Opsgenie heartbeat) expects it every few minutes; without one nobody notices when Prometheus or Alertmanager dies. Set heartbeat (type url or opsgenie), or set allowNoHeartbeat to the reason this stack needs none",
    ],
    [
      "an empty allowNoHeartbeat is no reason",
      withValue(withValue(alertingConfig(), "alerting.heartbeat", undefined), "alerting.allowNoHeartbeat", " "),
      `alerting.allowNoHeartbeat: must be the reason this stack has no dead-man's switch (a non-empty string), got " "`,
    ],
    [
      "a heartbeat and allowNoHeartbeat together conflict",
      withValue(alertingConfig(), "alerting.allowNoHeartbeat", "why not"),
      "alerting.allowNoHeartbeat: conflicts with alerting.heartbeat: a stack either has a dead-man's switch or says why it has none; remove one of them",
    ],
    [
      "a heartbeat repeated less often than every 5 minutes",
      withValue(alertingConfig(), "alerting.heartbeat.repeatInterval", "10m"),
      `alerting.heartbeat.repeatInterval: "10m" is too long: the dead-man's switch must hear the Watchdog at least every 5m, or a dead pipeline goes unnoticed`,
    ],
    [
      "an Opsgenie heartbeat without its name",
      withValue(alertingConfig(), "alerting.heartbeat.type", "opsgenie"),
      "alerting.heartbeat.name: is required (the Opsgenie heartbeat name)",
    ],
    [
      "a service whose team has no receivers",
      withValue(alertingConfig(), "alerting.teams.backend", undefined),
      `services[0].team: "backend" has no receivers: add alerting.teams.backend (chat, optional pager); known teams: platform`,
    ],
    [
      "a default team that is not declared",
      withValue(alertingConfig(), "alerting.defaultTeam", "sre"),
      `alerting.defaultTeam: "sre" has no entry in alerting.teams; alerts without a known team label (the chart's own rules) need a team to go to`,
    ],
    [
      "a Slack receiver without a channel",
      withValue(alertingConfig(), "alerting.teams.backend.chat", { type: "slack" }),
      "alerting.teams.backend.chat.channel: is required (the Slack channel, e.g. #backend-alerts)",
    ],
    [
      "a field of another receiver type",
      withValue(alertingConfig(), "alerting.teams.backend.pager", { type: "pagerduty", channel: "#x" }),
      "alerting.teams.backend.pager.channel: applies to slack receivers only, not pagerduty",
    ],
    [
      "an unknown receiver type",
      withValue(alertingConfig(), "alerting.teams.backend.pager", { type: "pager" }),
      `alerting.teams.backend.pager.type: "pager" is not allowed; use one of pagerduty, opsgenie, slack, webhook, email`,
    ],
    [
      "an email receiver without an SMTP server",
      withValue(alertingConfig(), "alerting.teams.backend.chat", { type: "email", to: "oncall@example.com" }),
      `alerting.teams.backend.chat.type: "email" needs alerting.smtp (smarthost, from) to send through`,
    ],
    [
      "a mute on a time interval that does not exist",
      withValue(alertingConfig(), "alerting.teams.backend.muteTimeIntervals", ["maintenance"]),
      `alerting.teams.backend.muteTimeIntervals[0]: "maintenance" is not a time interval of alerting.timeIntervals; known: none`,
    ],
    [
      "a time range that crosses midnight",
      withValue(alertingConfig(), "alerting.timeIntervals", { night: [{ times: [{ start: "22:00", end: "06:00" }] }] }),
      `alerting.timeIntervals.night[0].times[0].end: "06:00" is not after start "22:00"; split a range that crosses midnight in two`,
    ],
    [
      "a weekday written in capitals",
      withValue(alertingConfig(), "alerting.timeIntervals", { office: [{ weekdays: ["Monday:Friday"] }] }),
      `alerting.timeIntervals.office[0].weekdays[0]: "Monday:Friday" is not a weekday or range such as monday or monday:friday (lowercase)`,
    ],
    [
      "a repeat interval shorter than the group interval",
      withValue(alertingConfig(), "alerting.routes", { page: { repeatInterval: "1m" } }),
      `alerting.routes.page.repeatInterval: "1m" is shorter than groupInterval "5m"; Alertmanager only repeats on a group interval tick, so use at least 5m`,
    ],
  ])("%s", (_name, config, expected) => {
    expect(problems(config)).toEqual([expected]);
  });
});

describe("alerting credentials", () => {
  const prodLike = (): Record<string, unknown> =>
    withValue(withValue(alertingConfig(), "alerting.teams.backend.pager", { type: "pagerduty" }), "alerting.smtp", {
      smarthost: "smtp.example.com:587",
      from: "am@example.com",
      username: "am",
    });

  it("every receiver with a credential, the heartbeat and the SMTP password each need one secret", () => {
    expect(credentials(spec(prodLike())).map((c) => `${c.name} (${c.kind})`)).toEqual([
      "backend-chat (url)",
      "backend-pager (token)",
      "heartbeat (url)",
      "platform-chat (url)",
      "smtp (token)",
    ]);
  });

  it("a missing credential and a misspelt one are reported with the command that sets them", () => {
    const issues = credentialIssues(spec(prodLike()), ["backend-chat", "backend-pagr", "heartbeat", "platform-chat", "smtp"]);
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      `alertingSecrets.backend-pager: is not set: the PagerDuty Events API v2 integration (routing) key of receiver backend-pager; set it with pulumi config set --secret --path 'alertingSecrets["backend-pager"]' <value>`,
      "alertingSecrets.backend-pagr: is not a credential of any receiver of this stack; credentials: backend-chat, backend-pager, heartbeat, platform-chat, smtp",
    ]);
  });
});
