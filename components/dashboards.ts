import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as grafana from "@pulumiverse/grafana";
import { DashboardDelivery, naming, type StackConfig } from "../config";
import { generateDashboards } from "../generate";
import { childOptions } from "./options";

export interface GrafanaDashboardsArgs {
  /** The validated stack (from `parseStack`): its services, platform namespace and `dashboards.delivery`. */
  readonly stack: StackConfig;
  /** URL of the external Grafana, a secret. Required while `dashboards.delivery` is `grafanaApi`; no default. */
  readonly grafanaUrl?: pulumi.Input<string>;
  /** Service-account token of the external Grafana, a secret. Required while `dashboards.delivery` is `grafanaApi`; no default. */
  readonly grafanaToken?: pulumi.Input<string>;
}

/**
 * The stack's dashboards (an overview and one triage dashboard per service), delivered either as
 * ConfigMaps the chart's Grafana sidecar files into a folder per team (a team's dashboards share
 * ConfigMaps, split under the 1 MiB limit, so a service adds no resource of its own), or through the
 * Grafana API (a Folder per team and a Dashboard each: the API's unit, with its own version history)
 * for an external Grafana.
 */
export class GrafanaDashboards extends pulumi.ComponentResource {
  /** Uids of the dashboards, the overview first. */
  readonly uids: readonly string[];

  /** For sidecar delivery, pass the platform in `opts.dependsOn` so that its namespace exists first. */
  constructor(name: string, args: GrafanaDashboardsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(naming.grafana.typeToken, name, {}, opts);
    const delivery = args.stack.dashboards.delivery;
    const hasApi = args.grafanaUrl !== undefined || args.grafanaToken !== undefined;
    if (delivery === DashboardDelivery.grafanaApi && (args.grafanaUrl === undefined || args.grafanaToken === undefined)) {
      throw new pulumi.ResourceError(
        "grafanaApiUrl and grafanaApiToken are both required while dashboards.delivery is grafanaApi; set them with `pulumi config set --secret grafanaApiUrl <url>` and `pulumi config set --secret grafanaApiToken <token>`",
        this,
      );
    }
    if (delivery === DashboardDelivery.sidecar && hasApi) {
      throw new pulumi.ResourceError(
        "grafanaApiUrl/grafanaApiToken are set but dashboards.delivery is sidecar, which never calls the Grafana API; set dashboards.delivery to grafanaApi or remove the secrets",
        this,
      );
    }
    const { dashboards, configMaps, folders: dashboardFolders } = generateDashboards(args.stack);

    if (delivery === DashboardDelivery.sidecar) {
      for (const cm of configMaps) {
        new k8s.core.v1.ConfigMap(
          `${name}-${cm.metadata.name}`,
          { metadata: cm.metadata, data: cm.data },
          childOptions(this, opts, { pkg: "kubernetes" }),
        );
      }
    } else {
      const provider = new grafana.Provider(
        `${name}-grafana`,
        { url: pulumi.secret(args.grafanaUrl ?? ""), auth: pulumi.secret(args.grafanaToken ?? "") },
        childOptions(this, opts),
      );
      // The Grafana API's resources use the provider made for the external Grafana, not the caller's.
      const withProvider = { ...childOptions(this, opts), provider };
      const folders = new Map<string, grafana.oss.Folder>();
      for (const f of dashboardFolders) {
        folders.set(f.title, new grafana.oss.Folder(`${name}-folder-${f.uid}`, { uid: f.uid, title: f.title }, withProvider));
      }
      for (const d of dashboards) {
        new grafana.oss.Dashboard(
          `${name}-${d.uid}`,
          {
            configJson: d.json,
            folder: folders.get(d.folder)?.uid,
            // Ours is the source of truth; a hand edit in the UI is overwritten on the next update.
            overwrite: true,
            message: `Managed by ${naming.PROJECT}`,
          },
          withProvider,
        );
      }
    }
    this.uids = dashboards.map((d) => d.uid);
    this.registerOutputs({ uids: this.uids });
  }
}
