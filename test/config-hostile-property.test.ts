import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import yaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { checkStack } from "../config";
import { renderStack, type RenderedFile } from "../render";
import { runTool } from "../render/tools";
import { baseConfig, baseService, withValue } from "./support/config";
import { tempDir } from "./support/tools";

/** Pieces of hostile and careless strings: template and link syntax, quotes, separators, bidi controls, tokens, length. */
const FRAGMENTS = [
  "{{",
  "}}",
  '{{ query "up" }}',
  "<",
  ">",
  "|",
  '"}',
  "#",
  "\u2028",
  "\u202e",
  "\\",
  '"',
  "'",
  "\n",
  "`",
  "$",
  "${__user.login}",
  "%",
  ":",
  "-",
  "a",
  " ",
  "\t",
  "\u0000",
  "é",
  "😀",
  "](javascript:alert(1))",
  `ghp_${"a".repeat(36)}`,
  "x".repeat(1500),
] as const;

const hostile = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 }), fc.string({ unit: "grapheme", maxLength: 2 })), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.join(""));

const availability = { name: "availability", kind: "availability", objective: 99.9, period: "7d" };
const panel = { title: "Orders", description: "Orders per second.", metric: "orders_total", aggregation: "rate" };

interface Field {
  /** The field path an issue must name when the value is refused. */
  readonly path: string;
  /** The base config with the value in the field. */
  readonly config: (value: string) => Record<string, unknown>;
  /** A text the value is prefixed with, so that it reaches the later checks (a URL's scheme...). */
  readonly prefix?: string;
  /** Whether an accepted value is written to the output. Defaults to true. */
  readonly inOutput?: boolean;
}

const svc = (patch: (v: string) => Record<string, unknown>) => (v: string) => ({
  ...baseConfig(),
  services: [{ ...baseService(), ...patch(v) }],
});
const at = (dotted: string) => (v: string) => withValue(baseConfig(), dotted, v);
const alerting = (patch: (v: string) => Record<string, unknown>) => (v: string) => {
  const base = baseConfig();
  return { ...base, alerting: { ...(base.alerting as Record<string, unknown>), ...patch(v) } };
};

/** Every string field a stack file sets, with the path its refusal must name. */
const FIELDS: readonly Field[] = [
  { path: "platform.namespace", config: at("platform.namespace") },
  { path: "platform.releaseName", config: at("platform.releaseName") },
  { path: "platform.environment", config: at("platform.environment") },
  { path: "platform.cluster", config: at("platform.cluster") },
  { path: "platform.runbookBaseUrl", config: at("platform.runbookBaseUrl"), prefix: "https://runbooks.example.com/" },
  {
    path: "platform.prometheus.storage.storageClassName",
    config: (v) => withValue(baseConfig(), "platform.prometheus.storage", { size: "10Gi", storageClassName: v }),
  },
  { path: "platform.networkPolicy.uiNamespace", config: at("platform.networkPolicy.uiNamespace") },
  {
    path: "platform.prometheus.remoteWrite[0].url",
    config: (v) => withValue(baseConfig(), "platform.prometheus.remoteWrite", [{ name: "mimir", kind: "mimir", url: v }]),
    prefix: "https://mimir.example.com/",
  },
  {
    path: "platform.prometheus.remoteWrite[0].tenant",
    config: (v) =>
      withValue(baseConfig(), "platform.prometheus.remoteWrite", [
        { name: "mimir", kind: "mimir", url: "https://m.example.com/push", tenant: v },
      ]),
  },
  { path: "services[0].name", config: svc((v) => ({ name: v })) },
  { path: "services[0].namespace", config: svc((v) => ({ namespace: v })) },
  { path: "services[0].selector.app", config: svc((v) => ({ selector: { app: v } })) },
  { path: "services[0].metrics.port", config: svc((v) => ({ metrics: { port: v } })) },
  { path: "services[0].metrics.path", config: svc((v) => ({ metrics: { port: "http-metrics", path: v } })), prefix: "/" },
  { path: "services[0].http.requests.errorStatusRegex", config: at("services.0.http.requests.errorStatusRegex"), prefix: "5..|" },
  { path: "services[0].http.requests.metric", config: at("services.0.http.requests.metric") },
  { path: "services[0].http.requests.statusLabel", config: at("services.0.http.requests.statusLabel") },
  { path: "services[0].runbookBaseUrl", config: at("services.0.runbookBaseUrl"), prefix: "https://runbooks.example.com/" },
  { path: "services[0].labels.tier", config: svc((v) => ({ labels: { tier: v } })) },
  { path: "services[0].slos[0].name", config: svc((v) => ({ slos: [{ ...availability, name: v }] })) },
  { path: "services[0].slos[0].description", config: svc((v) => ({ slos: [{ ...availability, description: v }] })) },
  {
    path: "services[0].slos[0].errorStatusRegex",
    config: svc((v) => ({ slos: [{ ...availability, errorStatusRegex: v }] })),
    prefix: "5..|",
  },
  { path: "services[0].dashboard.workload", config: svc((v) => ({ dashboard: { workload: v } })) },
  { path: "services[0].dashboard.panels[0].title", config: svc((v) => ({ dashboard: { panels: [{ ...panel, title: v }] } })) },
  { path: "services[0].dashboard.panels[0].description", config: svc((v) => ({ dashboard: { panels: [{ ...panel, description: v }] } })) },
  { path: "services[0].dashboard.panels[0].legend", config: svc((v) => ({ dashboard: { panels: [{ ...panel, legend: v }] } })) },
  { path: "services[0].dashboard.panels[0].unit", config: svc((v) => ({ dashboard: { panels: [{ ...panel, unit: v }] } })) },
  {
    path: "services[0].dashboard.panels[0].expr",
    config: svc((v) => ({ dashboard: { panels: [{ title: "Orders", description: "Orders.", expr: v }] } })),
    prefix: "sum(orders_total) + ",
  },
  { path: "dashboards.alertmanagerUrl", config: (v) => withValue(baseConfig(), "dashboards", { alertmanagerUrl: v }), prefix: "/" },
  { path: "alerting.allowNoHeartbeat", config: alerting((v) => ({ allowNoHeartbeat: v })), inOutput: false },
  {
    path: "alerting.teams.backend.chat.channel",
    config: alerting((v) => ({ teams: { backend: { chat: { type: "slack", channel: v } }, platform: { chat: { type: "webhook" } } } })),
    prefix: "#",
  },
  {
    path: "alerting.teams.backend.chat.to",
    config: alerting((v) => ({
      smtp: { smarthost: "smtp.example.com:587", from: "am@example.com" },
      teams: { backend: { chat: { type: "email", to: v } }, platform: { chat: { type: "webhook" } } },
    })),
  },
  {
    path: "alerting.teams.backend.chat.responderTeam",
    config: alerting((v) => ({
      teams: { backend: { chat: { type: "opsgenie", responderTeam: v } }, platform: { chat: { type: "webhook" } } },
    })),
  },
  {
    path: "alerting.smtp.username",
    config: alerting((v) => ({
      smtp: { smarthost: "smtp.example.com:587", from: "am@example.com", username: v },
      teams: { backend: { chat: { type: "email", to: "oncall@example.com" } }, platform: { chat: { type: "webhook" } } },
    })),
  },
  {
    path: "alerting.timeIntervals.office[0].location",
    config: alerting((v) => ({ timeIntervals: { office: [{ weekdays: ["monday:friday"], location: v }] } })),
  },
];

/** Every string leaf of a parsed document. */
function leaves(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => leaves(x, out));
  else if (typeof v === "object" && v !== null) Object.values(v).forEach((x) => leaves(x, out));
  return out;
}

/**
 * The shape of a parsed document: its keys and the kinds of its leaves, not their text. A key named
 * after the value (a dashboard file `ko-<service>.json`) has the value replaced by `<value>`.
 */
function shape(v: unknown, value: string): unknown {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const named = new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g");
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x === "object" && x !== null)
      return Object.fromEntries(Object.entries(x).map(([k, y]) => [value === "" ? k : k.replace(named, "<value>"), walk(y)]));
    return typeof x;
  };
  return walk(v);
}

/** A rendered file read back: JSON, YAML (every document), or a Markdown runbook as its text. */
function parsed(f: RenderedFile): unknown {
  if (f.path.endsWith(".json")) return JSON.parse(f.content);
  if (f.path.endsWith(".yaml")) return yaml.loadAll(f.content);
  return { markdown: f.content.split("\n").length };
}

/** Rendered files of accepted hostile values, kept for one promtool and one amtool run over all of them. */
const batch = tempDir("ko-hostile-");
const accepted = { rules: [] as string[], alertmanager: [] as string[], refused: 0, cases: 0 };
let seq = 0;

function keep(files: readonly RenderedFile[]): void {
  const n = seq++;
  for (const f of files) {
    if (f.path.startsWith("prometheus/rules/")) {
      const p = path.join(batch, `rules-${n}-${path.basename(f.path)}`);
      fs.writeFileSync(p, f.content);
      accepted.rules.push(p);
    } else if (f.path === "alertmanager/alertmanager.yaml") {
      const p = path.join(batch, `alertmanager-${n}.yaml`);
      fs.writeFileSync(p, f.content);
      accepted.alertmanager.push(p);
    }
  }
}

/**
 * Go template delimiters in the text Prometheus and Alertmanager expand: alert labels and
 * annotations of the rule files, and the Alertmanager configuration.
 */
function templateDelimiters(files: readonly RenderedFile[]): number {
  let n = 0;
  const inText = (text: string): number => text.split("{{").length - 1;
  for (const f of files) {
    if (f.path === "alertmanager/alertmanager.yaml") n += inText(f.content);
    if (!f.path.startsWith("prometheus/rules/")) continue;
    const doc = yaml.load(f.content) as { groups: { rules: { labels?: object; annotations?: object }[] }[] };
    for (const g of doc.groups)
      for (const r of g.rules) n += leaves([r.labels ?? {}, r.annotations ?? {}]).reduce((m, l) => m + inText(l), 0);
  }
  return n;
}

describe("every string field, given hostile strings, is refused at its path or rendered as inert data", () => {
  afterAll(() => fs.rmSync(batch, { recursive: true, force: true }));

  it.each(FIELDS.map((f) => [f.path, f] as const))("%s", (_path, field) => {
    const benignText = `${field.prefix ?? ""}${benignValue(field)}`;
    const benign = renderStack(checkStackOrThrow(field.config(benignText)));
    const benignShapes = benign.map((f) => JSON.stringify(shape(parsed(f), benignText))).sort();
    fc.assert(
      fc.property(hostile, (h) => {
        const value = `${field.prefix ?? ""}${h}`;
        accepted.cases++;
        const result = checkStack({ stack: "test", config: field.config(value) });
        if (result.spec === undefined) {
          accepted.refused++;
          expect(result.issues.map((i) => i.path)).toContain(field.path);
          for (const i of result.issues) expect(i.message.length).toBeLessThan(700);
          return;
        }
        const files = renderStack(result.spec);
        // YAML and JSON round trip, and the same documents as with a benign value: the value added no structure.
        const docs = files.map(parsed);
        expect(docs.map((d) => JSON.stringify(shape(d, value))).sort()).toEqual(benignShapes);
        // The value is one string leaf's text or part of it (PromQL-quoted in expressions), never spread over markup.
        const forms = [value, JSON.stringify(value).slice(1, -1)];
        if (field.inOutput !== false && h.trim().length > 3)
          expect(docs.some((d) => leaves(d).some((l) => forms.some((f) => l.includes(f))))).toBe(true);
        // No Go template delimiter more than a benign value gives: the value is never expanded.
        expect(templateDelimiters(files)).toBe(templateDelimiters(benign));
        keep(files);
      }),
      { numRuns: 25, seed: 11 },
    );
  });

  it("promtool accepts every rule file of every accepted hostile value (one run over all of them)", () => {
    expect(accepted.cases).toBeGreaterThan(FIELDS.length * 20);
    if (accepted.rules.length === 0) return;
    const run = runTool("promtool", ["check", "rules", ...accepted.rules]);
    expect(run.output.split("\n").filter((l) => /FAILED|error/i.test(l))).toEqual([]);
    expect(run.ok).toBe(true);
  });

  it("amtool accepts every Alertmanager configuration of every accepted hostile value (one run over all of them)", () => {
    if (accepted.alertmanager.length === 0) return;
    const run = runTool("amtool", ["check-config", ...accepted.alertmanager]);
    expect(run.output.split("\n").filter((l) => /FAILED|error/i.test(l))).toEqual([]);
    expect(run.ok).toBe(true);
    console.log(
      `hostile strings: ${accepted.cases} cases, ${accepted.refused} refused at their path, ${accepted.cases - accepted.refused} rendered; promtool checked ${accepted.rules.length} rule files, amtool ${accepted.alertmanager.length} configurations`,
    );
  });
});

function benignValue(field: Field): string {
  if (field.path.endsWith("errorStatusRegex")) return "503";
  if (field.path.endsWith(".to")) return "oncall@example.com";
  if (field.path.endsWith(".location")) return "Europe/Berlin";
  if (field.path.endsWith("statusLabel")) return "code";
  if (field.path.endsWith("metric")) return "requests_total";
  if (field.path.endsWith(".expr")) return "1";
  if (field.path === "services[0].name") return "billing";
  return "benign";
}

function checkStackOrThrow(config: Record<string, unknown>) {
  const r = checkStack({ stack: "test", config });
  if (r.spec === undefined) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  return r.spec;
}
