/** A Kubernetes object as plain data; `V` is the type of secret values (a placeholder or a Pulumi Output). */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes object as plain data: what render writes and a component registers. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: unknown;
}

/** A Secret whose values are of the caller's type: a secret `Output` in the program, a placeholder in render. */
export interface SecretObject<V> extends KubeObject {
  readonly kind: "Secret";
  readonly type: string;
  readonly stringData: Readonly<Record<string, V>>;
}

/** `<kind>-<name>`, lowercase: the file a rendered object goes to and the Pulumi name of its resource. */
export function objectKey(o: KubeObject): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}`;
}
