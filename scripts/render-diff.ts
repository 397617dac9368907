/**
 * npm run render-diff -- --base <dir> --head <dir> [--out <file>] [--max-chars 60000]
 *
 * Compares two render outputs (`npm run render` of the base and the head branch) and prints a
 * markdown summary for a pull-request comment: per file added / removed / changed; for rules the
 * rules added, removed and changed and a unified diff; for the Alertmanager configuration and its
 * routing table a unified diff; for dashboards a per-panel summary instead of raw JSON. The
 * directories may hold one render or several side by side (`dev/`, `prod/`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";
import yaml from "js-yaml";
import { parseOptions, usageError } from "./args";

/** What a rendered file is, from its path. */
export const FileKind = {
  rules: "rules",
  routing: "routing",
  dashboards: "dashboards",
  kubernetes: "kubernetes",
  ruleTests: "ruleTests",
  runbooks: "runbooks",
  other: "other",
} as const;
export type FileKind = (typeof FileKind)[keyof typeof FileKind];

const KIND_TITLES: Record<FileKind, string> = {
  rules: "Prometheus rules",
  routing: "Alertmanager routing",
  dashboards: "Grafana dashboards",
  kubernetes: "Kubernetes objects",
  ruleTests: "promtool rule tests",
  runbooks: "Runbooks",
  other: "Other files",
};

/** The kind of a rendered file, by the directory layout `render` writes. */
export function fileKind(rel: string): FileKind {
  const p = `/${rel.split(path.sep).join("/")}`;
  if (/\/prometheus\/rules\/[^/]+\.ya?ml$/.test(p)) return FileKind.rules;
  if (/\/prometheus\/tests\//.test(p)) return FileKind.ruleTests;
  if (/\/alertmanager\/[^/]+$/.test(p)) return FileKind.routing;
  if (/\/grafana\/dashboards\/[^/]+\.json$/.test(p)) return FileKind.dashboards;
  if (/\/kubernetes\//.test(p)) return FileKind.kubernetes;
  if (/\/runbooks\//.test(p)) return FileKind.runbooks;
  return FileKind.other;
}

/** Every file under `dir` by its path relative to it (`/` separated), the render marker excepted. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = sub === "" ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && !entry.name.startsWith(".kube-observability-render"))
        files.set(rel, fs.readFileSync(path.join(dir, rel), "utf8"));
    }
  };
  walk("");
  return files;
}

/**
 * A unified diff (`---`/`+++` headers, `@@` hunks with `context` lines around each change); "" when equal.
 * jsdiff's patch, without the `====` line it puts above the headers.
 */
export function unifiedDiff(before: string, after: string, from: string, to: string, context = 3): string {
  if (before === after) return "";
  return createTwoFilesPatch(from, to, before, after, undefined, undefined, { context }).replace(/^=+\n/, "");
}

/** One rule, identified by its group, name and labels; `body` is everything that may change. */
interface RuleEntry {
  readonly key: string;
  readonly label: string;
  readonly body: string;
}

function ruleEntries(text: string | undefined): Map<string, RuleEntry> {
  const entries = new Map<string, RuleEntry>();
  if (text === undefined) return entries;
  const doc = yaml.load(text) as { groups?: { name: string; rules?: Record<string, unknown>[] }[] } | undefined;
  for (const g of doc?.groups ?? []) {
    for (const r of g.rules ?? []) {
      const name = String(r.alert ?? r.record ?? "?");
      const labels = (r.labels ?? {}) as Record<string, string>;
      const shown = Object.entries(labels)
        .filter(([k]) => ["severity", "slo", "slo_tier", "quantile", "le"].includes(k))
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .sort();
      const label = `${r.alert !== undefined ? "alert" : "record"} \`${name}${shown.length > 0 ? `{${shown.join(",")}}` : ""}\``;
      let key = `${g.name}\u0000${name}\u0000${JSON.stringify(Object.entries(labels).sort())}`;
      while (entries.has(key)) key += "\u0000";
      entries.set(key, { key, label, body: JSON.stringify(r) });
    }
  }
  return entries;
}

/** Rules added, removed and changed between two rule files, by label. */
export function ruleChanges(
  before: string | undefined,
  after: string | undefined,
): { added: string[]; removed: string[]; changed: string[] } {
  const a = ruleEntries(before);
  const b = ruleEntries(after);
  return {
    added: [...b.values()].filter((r) => !a.has(r.key)).map((r) => r.label),
    removed: [...a.values()].filter((r) => !b.has(r.key)).map((r) => r.label),
    changed: [...b.values()].filter((r) => a.has(r.key) && a.get(r.key)!.body !== r.body).map((r) => r.label),
  };
}

interface Panel {
  readonly key: string;
  readonly value: Record<string, unknown>;
}

/** The panels of a dashboard, flattened out of rows, each keyed `<row> › <title>`. */
function dashboardPanels(model: Record<string, unknown>): Panel[] {
  const out: Panel[] = [];
  const seen = new Map<string, number>();
  let row = "";
  const add = (p: Record<string, unknown>): void => {
    const title = String(p.title ?? `panel ${String(p.id ?? "?")}`);
    let key = row === "" ? title : `${row} › ${title}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key += ` (${n})`;
    out.push({ key, value: p });
  };
  for (const p of (model.panels ?? []) as Record<string, unknown>[]) {
    if (p.type === "row") {
      row = String(p.title ?? "");
      for (const inner of (p.panels ?? []) as Record<string, unknown>[]) add(inner);
    } else add(p);
  }
  return out;
}

const PANEL_ASPECTS: readonly [string, (p: Record<string, unknown>) => unknown][] = [
  ["type", (p) => p.type],
  ["queries", (p) => ((p.targets ?? []) as Record<string, unknown>[]).map((t) => [t.expr, t.legendFormat, t.format, t.instant])],
  ["thresholds and units", (p) => p.fieldConfig],
  ["options", (p) => p.options],
  ["description", (p) => p.description],
  ["links", (p) => p.links],
  ["position", (p) => p.gridPos],
];

/** What changed in one dashboard: panels added, removed, changed (and in what), and dashboard-level settings. */
export function dashboardChanges(
  before: string | undefined,
  after: string | undefined,
): {
  title: string;
  panels: number;
  added: string[];
  removed: string[];
  changed: string[];
  settings: string[];
} {
  const a = before === undefined ? {} : (JSON.parse(before) as Record<string, unknown>);
  const b = after === undefined ? {} : (JSON.parse(after) as Record<string, unknown>);
  const pa = new Map(dashboardPanels(a).map((p) => [p.key, p.value]));
  const pb = dashboardPanels(b);
  const changed: string[] = [];
  for (const p of pb) {
    const old = pa.get(p.key);
    if (old === undefined) continue;
    const aspects = PANEL_ASPECTS.filter(([, get]) => JSON.stringify(get(old)) !== JSON.stringify(get(p.value))).map(([name]) => name);
    const { id: _i, ...restOld } = old;
    const { id: _j, ...restNew } = p.value;
    if (aspects.length === 0 && JSON.stringify(restOld) !== JSON.stringify(restNew)) aspects.push("other settings");
    if (aspects.length > 0) changed.push(`${p.key}: ${aspects.join(", ")}`);
  }
  const settings = ["title", "templating", "annotations", "links", "tags", "time", "refresh", "description"].filter(
    (k) => before !== undefined && after !== undefined && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
  return {
    title: String(b.title ?? a.title ?? ""),
    panels: pb.filter((p) => p.value.type !== "row").length,
    added: pb.filter((p) => !pa.has(p.key)).map((p) => p.key),
    removed: [...pa.keys()].filter((k) => !pb.some((p) => p.key === k)),
    changed,
    settings,
  };
}

type Status = "added" | "removed" | "changed";

interface FileChange {
  readonly path: string;
  readonly kind: FileKind;
  readonly status: Status;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/** Every file that differs between two trees, sorted by path. */
export function fileChanges(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): FileChange[] {
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const out: FileChange[] = [];
  for (const p of paths) {
    const before = base.get(p);
    const after = head.get(p);
    if (before === after) continue;
    const status: Status = before === undefined ? "added" : after === undefined ? "removed" : "changed";
    out.push({ path: p, kind: fileKind(p), status, before, after });
  }
  return out;
}

const fence = (lang: string, body: string): string => `\`\`\`${lang}\n${body.replace(/\n$/, "")}\n\`\`\``;
const list = (sign: string, items: readonly string[]): string[] => items.map((i) => `  - ${sign} ${i}`);

/** Options of {@link renderDiffMarkdown}. */
export interface RenderDiffOptions {
  /** Heading of the comment. Defaults to "Rendered output: base → head". */
  readonly title?: string;
  /** Size budget of the whole comment (GitHub allows 65536); diffs past it are left out with a note. Defaults to 60000. */
  readonly maxChars?: number;
  /** Lines of one file's diff shown at most. Defaults to 400. */
  readonly maxDiffLines?: number;
}

/** The markdown summary of the change from `base` to `head` (two trees from {@link readTree}). */
export function renderDiffMarkdown(
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
  opts: RenderDiffOptions = {},
): string {
  const maxChars = opts.maxChars ?? 60_000;
  const maxDiffLines = opts.maxDiffLines ?? 400;
  const changes = fileChanges(base, head);
  const lines: string[] = [`## ${opts.title ?? "Rendered output: base → head"}`, ""];
  if (changes.length === 0) {
    lines.push(`No change in rendered output (${head.size} files compared).`);
    return `${lines.join("\n")}\n`;
  }
  const kinds = Object.values(FileKind).filter((k) => changes.some((c) => c.kind === k));
  lines.push("| | added | removed | changed |", "| --- | --- | --- | --- |");
  for (const k of kinds) {
    const n = (s: Status): number => changes.filter((c) => c.kind === k && c.status === s).length;
    lines.push(`| ${KIND_TITLES[k]} | ${n("added")} | ${n("removed")} | ${n("changed")} |`);
  }
  // Diffs go in last, while the budget lasts: the summaries above always fit.
  const diffs: { at: number; text: string }[] = [];
  for (const k of kinds) {
    lines.push("", `### ${KIND_TITLES[k]}`, "");
    for (const c of changes.filter((x) => x.kind === k)) {
      lines.push(`- \`${c.path}\` ${c.status}`);
      if (k === FileKind.rules) {
        const r = ruleChanges(c.before, c.after);
        lines.push(...list("added", r.added), ...list("removed", r.removed), ...list("changed", r.changed));
      }
      if (k === FileKind.dashboards) {
        const d = dashboardChanges(c.before, c.after);
        if (c.status !== "changed") lines.push(`  - "${d.title}", ${d.panels} panels`);
        else {
          lines.push(...list("added panel", d.added), ...list("removed panel", d.removed), ...list("changed panel", d.changed));
          if (d.settings.length > 0) lines.push(`  - dashboard settings changed: ${d.settings.join(", ")}`);
        }
      }
      if (k === FileKind.rules || k === FileKind.routing) {
        const all = unifiedDiff(
          c.before ?? "",
          c.after ?? "",
          c.before === undefined ? "/dev/null" : `base/${c.path}`,
          c.after === undefined ? "/dev/null" : `head/${c.path}`,
        ).split("\n");
        const shown = all.length > maxDiffLines ? [...all.slice(0, maxDiffLines), `... ${all.length - maxDiffLines} more lines`] : all;
        diffs.push({
          at: lines.length,
          text: ["", "<details><summary>diff</summary>", "", fence("diff", shown.join("\n")), "", "</details>", ""].join("\n"),
        });
        lines.push("");
      }
    }
  }
  let size = lines.join("\n").length;
  for (const d of diffs) {
    if (size + d.text.length > maxChars) {
      lines[d.at] = "  (diff left out: the comment would be too long; see the full render in the workflow's artifact)";
    } else {
      lines[d.at] = d.text;
      size += d.text.length;
    }
  }
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}

function main(): number {
  const { values: flags, errors } = parseOptions(process.argv.slice(2), {
    base: { type: "string" },
    head: { type: "string" },
    out: { type: "string" },
    "max-chars": { type: "string" },
    title: { type: "string" },
  });
  const usage = "usage: npm run render-diff -- --base <dir> --head <dir> [--out <file>] [--max-chars 60000] [--title <text>]";
  for (const required of ["base", "head"] as const)
    if (flags[required] === undefined && errors.length === 0) errors.push(`--${required} is required`);
  const maxChars = flags["max-chars"] === undefined ? undefined : Number(flags["max-chars"]);
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars > 0))
    errors.push(`--max-chars must be a positive whole number, got ${JSON.stringify(flags["max-chars"])}`);
  if (errors.length > 0) {
    return usageError("render-diff", usage, errors);
  }
  const dirs = { base: path.resolve(flags.base!), head: path.resolve(flags.head!) };
  for (const [name, dir] of Object.entries(dirs)) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      console.error(`render-diff: --${name} ${dir} is not a directory; render into it first (npm run render -- --out ${dir})`);
      return 1;
    }
  }
  const markdown = renderDiffMarkdown(readTree(dirs.base), readTree(dirs.head), {
    ...(maxChars !== undefined ? { maxChars } : {}),
    ...(flags.title !== undefined ? { title: flags.title } : {}),
  });
  if (flags.out !== undefined) fs.writeFileSync(flags.out, markdown);
  else process.stdout.write(markdown);
  return 0;
}

if (require.main === module) process.exitCode = main();
