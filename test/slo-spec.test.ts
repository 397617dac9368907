import { describe, expect, it } from "vitest";
import { checkStack, SLO_DEFAULTS, SLO_TIER_TABLE } from "../config";
import { baseConfig, stackOf, withValue } from "./support/config";

const availability = { name: "availability", kind: "availability", objective: 99.9 };
const latency = { name: "latency", kind: "latency", objective: 99, threshold: 0.5 };

/** The base stack with SLOs and a retention that covers 30 days. */
function withSlos(slos: unknown[]): Record<string, unknown> {
  return withValue(withValue(baseConfig(), "services.0.slos", slos), "platform.prometheus", { retention: "35d" });
}

function problems(config: Record<string, unknown>): string[] {
  const r = checkStack({ stack: "test", config });
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("slos in the service spec", () => {
  it("defaults the period, the minimum events and the allowance, and keeps the objective in percent", () => {
    const [slo] = stackOf(withSlos([availability])).services[0]?.slos ?? [];
    expect(slo).toEqual({
      name: "availability",
      kind: "availability",
      objective: 99.9,
      period: { text: "30d", seconds: 30 * 86400 },
      errorStatusRegex: undefined,
      latencyThreshold: undefined,
      minEvents: SLO_DEFAULTS.minEvents,
      absentFor: { text: "10m", seconds: 600 },
      allowUnreachableObjective: false,
      description: undefined,
      tiers: SLO_TIER_TABLE.map((row) => ({ ...row, enabled: true, for: undefined })),
    });
  });

  it("gives every tier the table's severity, no for, and the page tiers an 8m hold by default", () => {
    const [slo] = stackOf(withSlos([availability])).services[0]?.slos ?? [];
    expect(
      slo?.tiers.map((t) => `${t.name} ${t.severity} ${t.enabled ? "on" : "off"} for=${t.for?.text ?? "-"} hold=${t.hold ?? "-"}`),
    ).toEqual([
      "page-1h page on for=- hold=8m",
      "page-6h page on for=- hold=8m",
      "ticket-1d ticket on for=- hold=-",
      "ticket-3d ticket on for=- hold=-",
    ]);
  });

  it("lets each tier be turned off, and its severity, for and hold be set", () => {
    const tiers = {
      "page-6h": { severity: "ticket", for: "2m", hold: "15m" },
      "ticket-3d": { enabled: false },
      "page-1h": { hold: "0s" },
    };
    const [slo] = stackOf(withSlos([{ ...availability, tiers }])).services[0]?.slos ?? [];
    expect(
      slo?.tiers.map((t) => `${t.name} ${t.severity} ${t.enabled ? "on" : "off"} for=${t.for?.text ?? "-"} hold=${t.hold ?? "-"}`),
    ).toEqual([
      "page-1h page on for=- hold=-",
      "page-6h ticket on for=2m hold=15m",
      "ticket-1d ticket on for=- hold=-",
      "ticket-3d ticket off for=- hold=-",
    ]);
  });

  it("accepts an objective the fast page cannot reach once that tier is off", () => {
    expect(problems(withSlos([{ ...availability, objective: 90, tiers: { "page-1h": { enabled: false } } }]))).toEqual([]);
  });

  it("accepts several SLOs per service, a latency threshold at a bucket, and 28d or 7d periods", () => {
    const slos =
      stackOf(
        withSlos([
          { ...availability, period: "28d" },
          { ...latency, period: "7d" },
        ]),
      ).services[0]?.slos ?? [];
    expect(slos.map((s) => [s.name, s.kind, s.period.text, s.latencyThreshold])).toEqual([
      ["availability", "availability", "28d", undefined],
      ["latency", "latency", "7d", 0.5],
    ]);
  });

  it("takes the absent alert's wait from absentFor, so a drill stack can shorten it", () => {
    const [slo] = stackOf(withSlos([{ ...availability, absentFor: "2m" }])).services[0]?.slos ?? [];
    expect(slo?.absentFor).toEqual({ text: "2m", seconds: 120 });
  });

  it("spells 4w as the 28d period it is", () => {
    expect(stackOf(withSlos([{ ...availability, period: "4w" }])).services[0]?.slos[0]?.period).toEqual({
      text: "28d",
      seconds: 28 * 86400,
    });
  });

  it("is optional: a service without slos has none", () => {
    expect(stackOf(baseConfig()).services[0]?.slos).toEqual([]);
  });
});

describe("bad SLO input gives a clear error naming the field", () => {
  const at = "services[0].slos[0]";
  it.each<[string, unknown[], string]>([
    ["an objective of 0", [{ ...availability, objective: 0 }], `${at}.objective: 0 is out of range; must be above 0, below 100`],
    ["an objective of 100", [{ ...availability, objective: 100 }], `${at}.objective: 100 is out of range; must be above 0, below 100`],
    [
      "an objective above 100",
      [{ ...availability, objective: 99.95e1 }],
      `${at}.objective: 999.5 is out of range; must be above 0, below 100`,
    ],
    ["an objective given as a ratio", [{ ...availability, objective: "99.9%" }], `${at}.objective: must be a number, got "99.9%"`],
    [
      "a period that is not a duration",
      [{ ...availability, period: "a month" }],
      `${at}.period: "a month" is not a duration; use a Prometheus duration: whole numbers with units ms, s, m, h, d, w, y (e.g. 30s, 5m, 1h30m)`,
    ],
    [
      "a period the engine has no factors for",
      [{ ...availability, period: "14d" }],
      `${at}.period: "14d" is not a supported SLO period; use one of 30d, 28d, 7d (each has its own burn-rate factors)`,
    ],
    [
      "a latency threshold that is not a bucket boundary",
      [{ ...latency, threshold: 0.3 }],
      `${at}.threshold: 0.3 is not a bucket boundary of http_request_duration_seconds; good events are read from the bucket with that le, so use one of 0.1, 0.5, 1`,
    ],
    [
      "a latency SLO without a threshold",
      [{ ...latency, threshold: undefined }],
      `${at}.threshold: is required (the latency threshold in seconds, one of the histogram's declared buckets)`,
    ],
    [
      "a threshold on an availability SLO",
      [{ ...availability, threshold: 0.5 }],
      `${at}.threshold: applies only to latency SLOs; an availability SLO counts bad events by status (errorStatusRegex)`,
    ],
    [
      "an unknown kind",
      [{ ...availability, kind: "freshness" }],
      `${at}.kind: "freshness" is not allowed; use one of availability, latency, probe`,
    ],
    [
      "an unknown key",
      [{ ...availability, window: "1h" }],
      `${at}.window: unknown key; allowed: absentFor, allowUnreachableObjective, description, errorStatusRegex, kind, minEvents, name, objective, period, threshold, tiers`,
    ],
    [
      "a bad status regex",
      [{ ...availability, errorStatusRegex: "5((" }],
      `${at}.errorStatusRegex: "5((" is not an RE2 regular expression as Prometheus compiles it (missing closing )); RE2 has no lookaround or backreferences`,
    ],
    [
      "an absent alert quicker than a minute",
      [{ ...availability, absentFor: "30s" }],
      `${at}.absentFor: "30s" is too short; must be at least 60s`,
    ],
    ["zero minimum events", [{ ...availability, minEvents: 0 }], `${at}.minEvents: 0 is out of range; must be a whole number, at least 1`],
    [
      "two SLOs with the same name",
      [availability, { ...latency, name: "availability" }],
      `services[0].slos[1].name: "availability" is already the name of services[0].slos[0]; SLO names must be unique within a service`,
    ],
    [
      "a tier the objective makes unreachable (its factor times the budget above 100%)",
      [{ ...availability, objective: 80, tiers: { "page-1h": { enabled: false } } }],
      `${at}.tiers.page-6h: can never fire at objective 80: over 30d its burn-rate factor is 6, and 6 × (1 − 80%) = 120% exceeds an error ratio of 100%; set enabled: false, use an objective of at least 83.3333, or set allowUnreachableObjective: true`,
    ],
    [
      "a hold longer than the tier's long window",
      [{ ...availability, tiers: { "page-1h": { hold: "2h" } } }],
      `${at}.tiers.page-1h.hold: "2h" is longer than the tier's long window 1h; the hold keeps a page up after its condition clears and must end before the window forgets the incident: use at most 1h`,
    ],
    [
      "a tier with no severity",
      [{ ...availability, tiers: { "page-6h": { severity: null } } }],
      `${at}.tiers.page-6h.severity: is empty; a tier needs a severity: one of page, ticket, warning (page when the key is left out)`,
    ],
    [
      "a tier with a severity that never notifies",
      [{ ...availability, tiers: { "ticket-1d": { severity: "info" } } }],
      `${at}.tiers.ticket-1d.severity: "info" is not allowed; use one of page, ticket, warning`,
    ],
    [
      "an unknown tier",
      [{ ...availability, tiers: { "page-5m": { enabled: false } } }],
      `${at}.tiers.page-5m: unknown key; allowed: page-1h, page-6h, ticket-1d, ticket-3d`,
    ],
    [
      "an objective where the fast page can never fire",
      [{ ...availability, objective: 90 }],
      `${at}.objective: 90 can never fire the fast page: over 30d its burn-rate factor is 14.4, and 14.4 × (1 − 90%) exceeds an error ratio of 100%; use at least 93.0556, or set allowUnreachableObjective: true`,
    ],
  ])("%s", (_name, slos, message) => {
    expect(problems(withSlos(slos))).toEqual([message]);
  });

  it("accepts an unreachable objective when it is explicitly allowed", () => {
    expect(problems(withSlos([{ ...availability, objective: 90, allowUnreachableObjective: true }]))).toEqual([]);
  });

  it("gives 7d its own bound: 90% can fire the fast page over 7d", () => {
    expect(problems(withSlos([{ ...availability, objective: 90, period: "7d" }]))).toEqual([]);
  });

  it("refuses a period longer than the Prometheus retention", () => {
    const config = withValue(withSlos([availability]), "platform.prometheus", { retention: "15d" });
    expect(problems(config)).toEqual([
      `services[0].slos[0].period: "30d" is longer than the Prometheus retention "15d" (platform.prometheus.retention); the error budget is read over the whole period, so raise the retention to at least 30d or shorten the period`,
    ]);
  });

  it("refuses a scrape interval that leaves fewer than 4 samples in the 5m window", () => {
    const config = withValue(withSlos([availability]), "services.0.metrics.interval", "2m");
    expect(problems(config)).toEqual([
      `services[0].metrics.interval: "2m" leaves fewer than 4 samples in the 5m rate window; use at most 1m15s`,
    ]);
  });

  it("reports every SLO problem at once", () => {
    const found = problems(
      withSlos([
        { ...availability, objective: 0 },
        { ...latency, threshold: 0.3 },
      ]),
    ).map((p) => p.split(":")[0]);
    expect(found).toEqual(["services[0].slos[0].objective", "services[0].slos[1].threshold"]);
  });
});

describe("an SLO's errorStatusRegex follows the service's status convention, as the service's own regex does", () => {
  const at = "services[0].slos[0].errorStatusRegex";
  const withConvention = (convention: string, errorStatusRegex: string): Record<string, unknown> =>
    withValue(withSlos([{ ...availability, errorStatusRegex }]), "services.0.http.requests.statusConvention", convention);

  it.each<[string, string, string]>([
    ["status codes: 5..", "code", "5.."],
    ["status codes: only 503", "code", "503"],
    ["status classes (class): 5xx", "class", "5xx"],
    ["status classes: 4xx or 5xx", "class", "4xx|5xx"],
    ["Micrometer outcomes (outcome): SERVER_ERROR", "outcome", "SERVER_ERROR"],
    ["Micrometer outcomes: client and server errors", "outcome", "CLIENT_ERROR|SERVER_ERROR"],
  ])("accepts %s", (_name, convention, regex) => {
    expect(problems(withConvention(convention, regex))).toEqual([]);
    expect(stackOf(withConvention(convention, regex)).services[0]?.slos[0]?.errorStatusRegex).toBe(regex);
  });

  it.each<[string, string, string, string]>([
    [
      "a class under the code convention",
      "code",
      "5xx",
      `${at}: "5xx" matches no HTTP status from 100 to 599; an error regex such as 5.. must match the statuses that count as errors`,
    ],
    [
      "a code under the class convention",
      "class",
      "500",
      `${at}: "500" matches none of the class values 1xx, 2xx, 3xx, 4xx, 5xx; it must match those that count as errors`,
    ],
    [
      "every class under the class convention",
      "class",
      ".xx",
      `${at}: ".xx" matches every class value, so every request would be an error`,
    ],
    [
      "a code regex under the outcome convention",
      "outcome",
      "5..",
      `${at}: "5.." matches none of the outcome values INFORMATIONAL, SUCCESS, REDIRECTION, CLIENT_ERROR, SERVER_ERROR, UNKNOWN; it must match those that count as errors`,
    ],
    ["every outcome", "outcome", ".*", `${at}: ".*" matches every outcome value, so every request would be an error`],
    [
      "a regex RE2 cannot compile, under any convention",
      "class",
      "5((",
      `${at}: "5((" is not an RE2 regular expression as Prometheus compiles it (missing closing )); RE2 has no lookaround or backreferences`,
    ],
  ])("refuses %s", (_name, convention, regex, message) => {
    expect(problems(withConvention(convention, regex))).toEqual([message]);
  });
});
