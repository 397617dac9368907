import * as pulumi from "@pulumi/pulumi";
import { naming, type AlertingConfig, type PlatformConfig } from "../config";
import { alertmanagerConfig } from "../alerting";
import { toYaml } from "../format";
import { alertmanagerConfigSecret, objectKey } from "../manifests";
import { registerObject } from "./objects";
import { childOptions } from "./options";

export interface AlertRoutingArgs {
  /** The validated platform spec: the Secret goes to its namespace. */
  readonly platform: PlatformConfig;
  /** The validated alert routing (`spec.alerting` from `parseStack`). */
  readonly alerting: AlertingConfig;
  /**
   * Every credential of the routing by name (the `alertingSecrets` secret config map), a secret.
   * Check it with `credentialIssues` first: there are no defaults.
   */
  readonly credentials: pulumi.Input<Readonly<Record<string, string>>>;
}

/**
 * The generated Alertmanager configuration, in the Secret the chart's Alertmanager reads
 * (`alertmanagerSpec.configSecret`). The configuration text is built inside an apply over the
 * credentials, so it exists only as a secret Output: never in Helm values, logs or plain state.
 */
export class AlertRouting extends pulumi.ComponentResource {
  /** Name of the Secret holding `alertmanager.yaml`; the chart values point at it. */
  readonly configSecretName: string;
  /** The Secret: the chart release must come after it. */
  readonly configSecret: pulumi.Resource;

  constructor(name: string, args: AlertRoutingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(naming.alerting.typeToken, name, {}, opts);
    const text = pulumi.secret(pulumi.output(args.credentials).apply((c) => toYaml(alertmanagerConfig(args.alerting, c))));
    const secret = alertmanagerConfigSecret(args.platform, text);
    this.configSecret = registerObject(`${name}-${objectKey(secret)}`, secret, childOptions(this, opts, { pkg: "kubernetes" }));
    this.configSecretName = secret.metadata.name;
    this.registerOutputs({ configSecretName: this.configSecretName });
  }
}
