import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { naming, type StackSpec } from "../spec";
import { toJson } from "../render/yaml";
import type { KubeObject } from "../manifests/types";
import { overviewDashboard } from "./overview";
import { serviceDashboard } from "./service";

export { overviewDashboard } from "./overview";
export { serviceDashboard } from "./service";

/** One generated dashboard: where it goes and its model. */
export interface GeneratedDashboard {
  readonly uid: string;
  readonly title: string;
  /** Folder title (and the sidecar's folder): the owning team. */
  readonly folder: string;
  readonly model: Dashboard;
}

/** A ConfigMap as plain data: what the Grafana sidecar reads. */
export interface ConfigMapObject extends KubeObject {
  readonly kind: "ConfigMap";
  readonly data: Readonly<Record<string, string>>;
}

/** Every dashboard of a stack: the overview, then one per service in name order. Built here, once. */
export function stackDashboards(stack: StackSpec): GeneratedDashboard[] {
  const overview = overviewDashboard(stack).build();
  return [
    { uid: naming.grafana.overviewUid, title: overview.title ?? "", folder: naming.grafana.overviewFolder, model: overview },
    ...stack.services.map((s) => {
      const model = serviceDashboard(s, stack).build();
      return { uid: naming.dashboardUid(s), title: model.title ?? "", folder: s.team, model };
    }),
  ];
}

/**
 * The dashboard as Grafana stores it, normalised: keys sorted, no `id` or `version` (Grafana
 * assigns those), a trailing newline. The same model always gives the same bytes, so a preview
 * shows a change only when a panel changed.
 */
export function dashboardJson(model: Dashboard): string {
  const { id: _id, version: _version, ...rest } = model;
  return toJson(rest);
}

/** File name of a dashboard, as render writes it and the sidecar mounts it. */
export function dashboardFileName(d: Pick<GeneratedDashboard, "uid">): string {
  return `${d.uid}.json`;
}

/** One ConfigMap per dashboard in the platform namespace, labelled for the sidecar, its folder annotated. */
export function dashboardConfigMaps(stack: StackSpec, dashboards: readonly GeneratedDashboard[] = stackDashboards(stack)): ConfigMapObject[] {
  const { sidecar } = naming.grafana;
  return dashboards.map((d) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: naming.dashboardConfigMapName(d.uid),
      namespace: stack.platform.namespace,
      labels: { ...naming.platformObjectLabels(), [sidecar.label]: sidecar.labelValue },
      annotations: { [sidecar.folderAnnotation]: d.folder },
    },
    data: { [dashboardFileName(d)]: dashboardJson(d.model) },
  }));
}

/** Grafana folders of the dashboards (API delivery): one per team, by uid, in name order. */
export function dashboardFolders(dashboards: readonly GeneratedDashboard[]): { uid: string; title: string }[] {
  const titles = [...new Set(dashboards.map((d) => d.folder))].sort();
  return titles.map((title) => ({ uid: naming.grafanaFolderUid(title), title }));
}
