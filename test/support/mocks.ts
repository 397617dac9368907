import * as pulumi from "@pulumi/pulumi";

/** A resource registered under mocks, with its inputs resolved. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly urn: string;
}

/**
 * Installs Pulumi mocks that record every registered resource. Must be awaited before the code
 * under test is imported, or resources bypass the mocks.
 */
export async function installMocks(config: Record<string, string> = {}, stack = "dev"): Promise<Registered[]> {
  const registered: Registered[] = [];
  pulumi.runtime.setAllConfig(config);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown>, urn: "" });
        return { id: `${args.name}-id`, state: { ...args.inputs, status: { status: "deployed" } } };
      },
      call(args) {
        return args.inputs;
      },
    },
    "kube-observability",
    stack,
    true,
  );
  return registered;
}

/** Waits for the registrations the program started to reach the mocks. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
}

/** Imports the Pulumi program under the installed mocks and returns what it threw, once the engine has settled. */
export async function programError(): Promise<unknown> {
  const error = await import("../../index").then(
    () => undefined,
    (e: unknown) => e,
  );
  await settle();
  return error;
}
