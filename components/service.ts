import * as pulumi from "@pulumi/pulumi";
import { naming, type PlatformConfig, type ServiceConfig } from "../config";
import { generateService } from "../generate";
import { registerObject } from "./objects";
import { childOptions } from "./options";

export interface ServiceMonitoringArgs {
  /** The validated service spec (from `parseStack`). */
  readonly service: ServiceConfig;
  /** The platform the service is monitored by: its selector labels go on every object. */
  readonly platform: PlatformConfig;
}

/** Monitoring of one HTTP service: its ServiceMonitor and its PrometheusRule. */
export class ServiceMonitoring extends pulumi.ComponentResource {
  /** Names of the ServiceMonitor and PrometheusRule (they share one). */
  readonly objectName: string;

  /** Pass the platform's CRDs in `opts.dependsOn` so that the custom resources come after them. */
  constructor(name: string, args: ServiceMonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(naming.typeToken.service, name, {}, opts);
    this.objectName = naming.serviceObjectName(args.service);
    for (const o of generateService(args.service, args.platform).objects) {
      // A PrometheusRule split past the operator's size limit adds `-2`, `-3`...; the first keeps its name.
      const part = o.metadata.name.slice(this.objectName.length);
      registerObject(`${name}-${o.kind.toLowerCase()}${part}`, o, childOptions(this, opts, { pkg: "kubernetes" }));
    }
    this.registerOutputs({ objectName: this.objectName });
  }
}
