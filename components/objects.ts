import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { KubeObject, SecretObject } from "../manifests";

function isSecret(o: KubeObject): o is SecretObject<pulumi.Input<string>> {
  return o.kind === "Secret";
}

/**
 * Registers one generated object as the matching Kubernetes resource. Names come from the object,
 * so Pulumi never adds a random suffix and a preview shows only real change.
 */
export function registerObject(name: string, o: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  if (o.apiVersion === "v1" && o.kind === "Namespace") {
    return new k8s.core.v1.Namespace(name, { metadata: o.metadata }, opts);
  }
  if (o.apiVersion === "v1" && isSecret(o)) {
    // stringData values arrive as secret Outputs; the whole input is marked secret too.
    return new k8s.core.v1.Secret(name, { metadata: o.metadata, type: o.type, stringData: pulumi.secret(o.stringData) }, opts);
  }
  return new k8s.apiextensions.CustomResource(name, { apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata, spec: o.spec }, opts);
}
