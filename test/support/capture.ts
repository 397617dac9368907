import * as pulumi from "@pulumi/pulumi";

/** A resource as the program declared it: type, name, parent and dependencies by name. */
export interface Declared {
  readonly type: string;
  readonly name: string;
  readonly parent: string | undefined;
  readonly dependsOn: readonly string[];
}

/** Records every resource's options through a stack transformation (which sees parent and dependsOn). */
export function captureDeclarations(): Declared[] {
  const names = new Map<pulumi.Resource, string>();
  const declared: Declared[] = [];
  pulumi.runtime.registerStackTransformation((args) => {
    names.set(args.resource, args.name);
    const deps = args.opts.dependsOn;
    const list = (Array.isArray(deps) ? deps : deps === undefined ? [] : [deps]) as pulumi.Resource[];
    declared.push({
      type: args.type,
      name: args.name,
      parent: args.opts.parent ? names.get(args.opts.parent) : undefined,
      dependsOn: list.map((r) => names.get(r) ?? "?").sort(),
    });
    return undefined;
  });
  return declared;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Whether a mocked input value is a secret (Pulumi's secret signature). */
export function isSecretValue(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === "1b47061264138c4ac30d75fd1eb44270"
  );
}

/** Unwraps a secret-signed value, or returns the value as is. */
export function unwrapSecret(value: unknown): unknown {
  return isSecretValue(value) ? (value as { value: unknown }).value : value;
}
