import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { naming, type StackConfig } from "../config";
import { toJson } from "../format";
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
  /** The model as Grafana stores it ({@link dashboardJson}), made once for the file, the ConfigMap and the API. */
  readonly json: string;
  /** `<uid>.json`: the rendered file and the ConfigMap key the sidecar mounts. */
  readonly fileName: string;
}

/** Every dashboard of a stack: the overview, then one per service in name order. Built here, once. */
export function stackDashboards(stack: StackConfig): GeneratedDashboard[] {
  const generated = (uid: string, folder: string, model: Dashboard): GeneratedDashboard => ({
    uid,
    title: model.title ?? "",
    folder,
    model,
    json: dashboardJson(model),
    fileName: dashboardFileName({ uid }),
  });
  return [
    generated(naming.grafana.overviewUid, naming.grafana.overviewFolder, overviewDashboard(stack).build()),
    ...stack.services.map((s) => generated(naming.dashboardUid(s), s.team, serviceDashboard(s, stack).build())),
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

/** Grafana folders of the dashboards (API delivery): one per team, by uid, in name order. */
export function dashboardFolders(dashboards: readonly GeneratedDashboard[]): { uid: string; title: string }[] {
  const titles = [...new Set(dashboards.map((d) => d.folder))].sort();
  return titles.map((title) => ({ uid: naming.grafanaFolderUid(title), title }));
}
