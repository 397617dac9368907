import { naming, type StackConfig } from "../config";
import type { GeneratedDashboard } from "../dashboards";
import type { KubeObject } from "./types";

/** A ConfigMap as plain data: what the Grafana sidecar reads. */
export interface ConfigMapObject extends KubeObject {
  readonly kind: "ConfigMap";
  readonly data: Readonly<Record<string, string>>;
}

/**
 * Bytes of dashboard data (keys and values) one ConfigMap may carry. Kubernetes refuses more than
 * 1 MiB of data; the rest is headroom for the object's metadata and for a dashboard that grows a
 * little before the next split.
 */
export const CONFIGMAP_DATA_BUDGET = 900 * 1024;

/** FNV-1a, 32 bits: a stable hash of a dashboard uid that picks its bucket. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * Splits one folder's dashboards into the fewest power-of-two buckets whose data each fits the budget.
 * A dashboard's bucket is its uid's hash modulo the bucket count, so adding a service changes one
 * ConfigMap, and a split from n to 2n buckets keeps bucket i's name and moves only the dashboards whose
 * hash now says i + n.
 */
function buckets(folder: string, dashboards: readonly GeneratedDashboard[], budget: number): GeneratedDashboard[][] {
  const sized = dashboards.map((d) => ({ d, hash: fnv1a(d.uid), bytes: byteLength(d.json) + byteLength(d.fileName) }));
  const tooBig = sized.find((s) => s.bytes > budget);
  if (tooBig !== undefined) {
    throw new Error(
      `dashboard ${tooBig.d.uid} of folder ${folder} is ${tooBig.bytes} bytes of JSON, more than the ${budget} a ConfigMap may carry; use dashboards.delivery grafanaApi or fewer business panels`,
    );
  }
  for (let n = 1; ; n *= 2) {
    const out: GeneratedDashboard[][] = Array.from({ length: n }, () => []);
    const used = new Array<number>(n).fill(0);
    for (const s of sized) {
      const i = s.hash % n;
      out[i]?.push(s.d);
      used[i] = (used[i] ?? 0) + s.bytes;
    }
    if (used.every((u) => u <= budget)) return out;
  }
}

/**
 * The sidecar's ConfigMaps: per folder (team), one or more in the platform namespace, labelled for the
 * sidecar and annotated with the folder, each holding `<uid>.json` files in uid order. Empty buckets
 * are left out. Per service this costs no resource of its own: a team's dashboards share ConfigMaps
 * of at most {@link CONFIGMAP_DATA_BUDGET} bytes of data.
 */
export function dashboardConfigMaps(
  stack: StackConfig,
  dashboards: readonly GeneratedDashboard[],
  budget = CONFIGMAP_DATA_BUDGET,
): ConfigMapObject[] {
  const { sidecar } = naming.grafana;
  const folders = new Map<string, GeneratedDashboard[]>();
  for (const d of dashboards) {
    const list = folders.get(d.folder);
    if (list === undefined) folders.set(d.folder, [d]);
    else list.push(d);
  }
  const owner = new Map<string, string>();
  const out: ConfigMapObject[] = [];
  for (const folder of [...folders.keys()].sort()) {
    const parts = buckets(folder, folders.get(folder) ?? [], budget);
    parts.forEach((part, i) => {
      if (part.length === 0) return;
      const name = naming.dashboardConfigMapName(folder, i);
      const clash = owner.get(name);
      if (clash !== undefined)
        throw new Error(
          `teams ${clash} and ${folder} both give the dashboard ConfigMap name ${name}; team names must differ in more than case and _`,
        );
      owner.set(name, folder);
      const data: Record<string, string> = {};
      for (const d of [...part].sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0))) data[d.fileName] = d.json;
      out.push({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name,
          namespace: stack.platform.namespace,
          labels: { ...naming.platformObjectLabels(), [sidecar.label]: sidecar.labelValue },
          annotations: { [sidecar.folderAnnotation]: folder },
        },
        data,
      });
    });
  }
  return out;
}
