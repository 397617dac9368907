import yaml from "js-yaml";
import { readStackFile, renderStack } from "../../render";
import { parseStack, type StackConfig } from "../../config";
import { ROOT, baseConfig, stackOf, withValue } from "./config";

/** A rendered Kubernetes object, read back from the YAML render writes. */
export interface RenderedObject {
  /** `<stack>/kubernetes/<file>`: names the object in a test title. */
  readonly where: string;
  readonly object: Record<string, unknown>;
}

/** The stacks whose every object the canonical and CRD tests walk: the three real ones and a few generated configs. */
export function walkedStacks(): { readonly name: string; readonly stack: StackConfig }[] {
  const real = ["dev", "prod", "drill"].map((name) => ({ name, stack: parseStack(readStackFile(ROOT, name)) }));
  const thanos = withValue(baseConfig(), "platform.prometheus.thanosSidecar", { queryNamespace: "thanos" });
  const generated = [
    { name: "generated-ui-namespace", config: withValue(baseConfig(), "platform.networkPolicy", { uiNamespace: "ingress" }) },
    { name: "generated-thanos", config: thanos },
    {
      name: "generated-remote-write",
      config: withValue(baseConfig(), "platform.prometheus.remoteWrite", [
        { name: "mimir", kind: "mimir", url: "https://mimir.example.com:8443/api/v1/push", tenant: "team-a" },
      ]),
    },
    { name: "generated-no-network-policy", config: withValue(baseConfig(), "platform.networkPolicy", { enabled: false }) },
  ];
  return [...real, ...generated.map((g) => ({ name: g.name, stack: stackOf(g.config) }))];
}

/** Every Kubernetes object render writes for a stack (Helm values are not an object). */
export function renderedObjects(name: string, stack: StackConfig): RenderedObject[] {
  return renderStack(stack)
    .filter((f) => f.path.startsWith("kubernetes/") && f.path !== "kubernetes/helm-values.yaml")
    .map((f) => ({ where: `${name}/${f.path}`, object: yaml.load(f.content) as Record<string, unknown> }));
}

/** Every rendered object of every walked stack. */
export function allRenderedObjects(): RenderedObject[] {
  return walkedStacks().flatMap((s) => renderedObjects(s.name, s.stack));
}
