/** Sidecar ConfigMaps: a team's dashboards share ConfigMaps, split by a stable hash under the size limit. */
import { describe, expect, it } from "vitest";
import { stackDashboards } from "../dashboards";
import { CONFIGMAP_DATA_BUDGET, dashboardConfigMaps, type ConfigMapObject } from "../manifests";
import { naming, type StackConfig } from "../config";
import { baseConfig, baseService, stackOf } from "./support/config";

/** A stack of `n` services of team backend and, every third one, team payments. */
function stackWith(n: number): StackConfig {
  const services = Array.from({ length: n }, (_, i) => ({
    ...baseService(),
    name: `svc-${String(i).padStart(3, "0")}`,
    team: i % 3 === 2 ? "payments" : "backend",
  }));
  const config = baseConfig();
  const alerting = config.alerting as { teams: Record<string, unknown> };
  alerting.teams.payments = { chat: { type: "webhook" } };
  return stackOf({ ...config, services });
}

const dataBytes = (cm: ConfigMapObject): number =>
  Object.entries(cm.data).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
/** Uid → name of the ConfigMap that carries it. */
const placement = (cms: readonly ConfigMapObject[]): Map<string, string> =>
  new Map(cms.flatMap((cm) => Object.keys(cm.data).map((k) => [k.replace(/\.json$/, ""), cm.metadata.name] as const)));

const big = stackWith(60);
const dashboards = stackDashboards(big);
/** Room for about four service dashboards: forces splits with a small stack. */
const budget = 4 * Buffer.byteLength(dashboards[1]!.json) + 100;

describe("dashboard ConfigMaps", () => {
  it("carry every dashboard exactly once, in a ConfigMap of its team's folder, with its JSON", () => {
    const cms = dashboardConfigMaps(big, dashboards, budget);
    const keys = cms.flatMap((cm) => Object.keys(cm.data));
    expect(keys.sort()).toEqual(dashboards.map((d) => d.fileName).sort());
    for (const d of dashboards) {
      const cm = cms.find((c) => d.fileName in c.data)!;
      expect(cm.metadata.annotations).toEqual({ [naming.grafana.sidecar.folderAnnotation]: d.folder });
      expect(cm.data[d.fileName]).toBe(d.json);
    }
  });

  it("stay within the data budget, in a power-of-two number of hash buckets per team", () => {
    const cms = dashboardConfigMaps(big, dashboards, budget);
    for (const cm of cms) expect(dataBytes(cm)).toBeLessThanOrEqual(budget);
    const names = cms.map((cm) => cm.metadata.name);
    expect(names).toContain("grafana-dashboards-backend");
    expect(names).toContain("grafana-dashboards-payments");
    expect(names).toContain("grafana-dashboards-platform");
    const buckets = names.filter((n) => n.startsWith("grafana-dashboards-backend")).map((n) => Number(/-(\d+)$/.exec(n)?.[1] ?? 0));
    const count = 2 ** Math.ceil(Math.log2(Math.max(...buckets) + 1));
    expect(buckets.every((b) => b < count)).toBe(true);
    expect(buckets.length).toBeGreaterThan(count / 2);
  });

  it("give one ConfigMap per team when everything fits the real 1 MiB budget", () => {
    const cms = dashboardConfigMaps(stackWith(9), stackDashboards(stackWith(9)));
    expect(CONFIGMAP_DATA_BUDGET).toBeLessThan(1024 * 1024);
    expect(cms.map((cm) => cm.metadata.name)).toEqual([
      "grafana-dashboards-backend",
      "grafana-dashboards-payments",
      "grafana-dashboards-platform",
    ]);
  });

  it("change only the new service's ConfigMap (and the overview's) when a service is added", () => {
    const before = dashboardConfigMaps(big, dashboards, budget);
    const grown = stackWith(61);
    const after = dashboardConfigMaps(grown, stackDashboards(grown), budget);
    expect(after.map((cm) => cm.metadata.name)).toEqual(before.map((cm) => cm.metadata.name));
    const changed = after.filter((cm, i) => JSON.stringify(cm) !== JSON.stringify(before[i])).map((cm) => cm.metadata.name);
    const home = placement(after);
    expect(changed.sort()).toEqual([home.get("ko-svc-060"), home.get(naming.grafana.overviewUid)].sort());
  });

  it("keep a dashboard in bucket i or move it to bucket i + n when a team's n buckets split to 2n", () => {
    const wide = dashboardConfigMaps(big, dashboards, budget);
    const narrow = dashboardConfigMaps(big, dashboards, 2 * budget);
    const index = (name: string | undefined): number => Number(/-(\d+)$/.exec(name ?? "")?.[1] ?? 0);
    const n =
      Math.max(...narrow.filter((cm) => cm.metadata.name.startsWith("grafana-dashboards-backend")).map((cm) => index(cm.metadata.name))) +
      1;
    const from = placement(narrow);
    const to = placement(wide);
    expect(to.size).toBe(from.size);
    for (const [uid, name] of to) {
      if (!name.startsWith("grafana-dashboards-backend")) continue;
      const i = index(from.get(uid));
      expect([i, i + n, i + 2 * n, i + 3 * n]).toContain(index(name));
    }
  });

  it("refuse a dashboard bigger than a ConfigMap may carry, naming it and the budget", () => {
    expect(() => dashboardConfigMaps(big, dashboards, 1000)).toThrow(
      /^dashboard ko-svc-000 of folder backend is \d+ bytes of JSON, more than the 1000 a ConfigMap may carry/,
    );
  });

  it("are the same bytes on every build", () => {
    expect(JSON.stringify(dashboardConfigMaps(big, stackDashboards(stackWith(60)), budget))).toBe(
      JSON.stringify(dashboardConfigMaps(big, dashboards, budget)),
    );
  });
});
