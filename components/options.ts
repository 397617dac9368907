import * as pulumi from "@pulumi/pulumi";

type DependsOn = pulumi.ResourceOptions["dependsOn"];

/** The caller's `dependsOn` (a resource, a list, or an Output or Promise of either) with ours added. */
export function mergeDependsOn(given: DependsOn, own: readonly pulumi.Resource[]): DependsOn {
  if (given === undefined) return own.length > 0 ? [...own] : undefined;
  if (Array.isArray(given)) return [...given, ...own];
  if (pulumi.Resource.isInstance(given)) return [given, ...own];
  return pulumi
    .output(given as pulumi.Input<pulumi.Resource[]> | pulumi.Input<pulumi.Resource>)
    .apply((g) => [...(Array.isArray(g) ? g : [g]), ...own] as pulumi.Resource[]);
}

/**
 * The options every child of our components gets: the component as parent; for a Kubernetes child, the
 * caller's Kubernetes provider named explicitly (the one the component resolved from its `provider` or
 * `providers`; component children inherit every provider through their parent); `protect`; and `dependsOn`
 * merged with the child's own dependencies, never replaced by them. `transforms` and `transformations` reach
 * every descendant through the parent: passed again here, a child would be transformed twice.
 */
export function childOptions(
  parent: pulumi.ComponentResource,
  opts: pulumi.ComponentResourceOptions,
  child: { readonly pkg?: "kubernetes"; readonly dependsOn?: readonly pulumi.Resource[] } = {},
): pulumi.CustomResourceOptions {
  const provider = child.pkg !== undefined ? parent.getProvider(`${child.pkg}::`) : undefined;
  const dependsOn = mergeDependsOn(opts.dependsOn, child.dependsOn ?? []);
  return {
    parent,
    ...(provider !== undefined ? { provider } : {}),
    ...(opts.protect !== undefined ? { protect: opts.protect } : {}),
    ...(dependsOn !== undefined ? { dependsOn } : {}),
  };
}

/** The caller's options for a top-level component of {@link monitoringStack}, with its own dependencies merged in. */
export function stackOptions(
  opts: pulumi.ComponentResourceOptions,
  dependsOn: readonly pulumi.Resource[] = [],
): pulumi.ComponentResourceOptions {
  const merged = mergeDependsOn(opts.dependsOn, dependsOn);
  const { dependsOn: _given, ...rest } = opts;
  return { ...rest, ...(merged !== undefined ? { dependsOn: merged } : {}) };
}
