/**
 * Checks that every Helm value each stack sets is a key of the pinned chart's values.yaml, and that
 * the chart's Chart.yaml pins the operator version whose CRDs we apply.
 *   npx tsx scripts/check-chart-values.ts [--values <chart>/values.yaml] [--stacks dev,prod]
 * Exits 1 on any unknown key or version mismatch.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { optionsOrExit } from "./args";
import { listStacks, readStackFile } from "../render";
import { CHART_RELEASES, DEFAULTS, formatIssues, checkStack } from "../config";
import { alertmanagerSecret, checkChartValues, helmValues } from "../manifests";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_VALUES = path.resolve(ROOT, "..", "shared", "reference", `kube-prometheus-stack-${DEFAULTS.chart.version}`, "values.yaml");

function fail(message: string): never {
  process.stderr.write(`check-chart-values: ${message}\n`);
  process.exit(2);
}

function main(): number {
  const flags = optionsOrExit(
    "check-chart-values",
    "usage: npx tsx scripts/check-chart-values.ts [--values <path>] [--stacks dev,prod]",
    process.argv.slice(2),
    { values: { type: "string" }, stacks: { type: "string" } },
  );
  const valuesFile = path.resolve(flags.values ?? DEFAULT_VALUES);
  if (!fs.existsSync(valuesFile)) fail(`${valuesFile} does not exist; pass --values <kube-prometheus-stack>/values.yaml`);
  const chart = yaml.load(fs.readFileSync(valuesFile, "utf8")) as Record<string, unknown>;
  let bad = 0;

  const chartYaml = path.join(path.dirname(valuesFile), "Chart.yaml");
  if (fs.existsSync(chartYaml)) {
    const meta = yaml.load(fs.readFileSync(chartYaml, "utf8")) as { version?: string; appVersion?: string };
    const pinned = meta.version !== undefined ? (CHART_RELEASES as Record<string, { operatorVersion: string }>)[meta.version] : undefined;
    if (meta.version !== DEFAULTS.chart.version) {
      process.stdout.write(`Chart.yaml: version ${meta.version ?? "?"} is not the pinned ${DEFAULTS.chart.version}\n`);
      bad++;
    } else if (pinned === undefined || `v${pinned.operatorVersion}` !== meta.appVersion) {
      process.stdout.write(
        `Chart.yaml: appVersion ${meta.appVersion ?? "?"} but CHART_RELEASES says v${pinned?.operatorVersion ?? "?"}: the CRDs would not match the operator\n`,
      );
      bad++;
    } else {
      process.stdout.write(
        `Chart.yaml: ${DEFAULTS.chart.name} ${meta.version}, operator ${meta.appVersion}: matches CHART_RELEASES (CRDs from v${pinned.operatorVersion})\n`,
      );
    }
  }

  const stacks = flags.stacks !== undefined ? flags.stacks.split(",") : listStacks(ROOT);
  for (const stack of stacks) {
    const checked = checkStack(readStackFile(ROOT, stack));
    if (checked.spec === undefined) {
      process.stdout.write(`${stack}: ${formatIssues(checked.issues)}\n`);
      bad++;
      continue;
    }
    const values = helmValues(checked.spec.platform, checked.spec.alerting !== undefined ? alertmanagerSecret.name : undefined);
    const { problems, subchartKeys } = checkChartValues(values, chart);
    process.stdout.write(
      `${stack}: ${problems.length === 0 ? "every value is a key of the chart" : `${problems.length} unknown key(s)`}\n`,
    );
    for (const p of problems) process.stdout.write(`  - ${p.path}: ${p.message}\n`);
    if (subchartKeys.length > 0) process.stdout.write(`  subchart keys accepted from SUBCHART_KEYS: ${subchartKeys.join(", ")}\n`);
    bad += problems.length;
  }
  process.stdout.write(`values.yaml: ${valuesFile}\n`);
  return bad === 0 ? 0 : 1;
}

process.exit(main());
