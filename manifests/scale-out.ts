import { RemoteWriteAuth, RemoteWriteKind, naming, type PlatformConfig, type RemoteWriteConfig } from "../config";
import type { SecretObject } from "./types";
import { scaleOut } from "./chart";

/** Header each engine reads the tenant from (VictoriaMetrics takes it in the URL path instead). */
const TENANT_HEADER: Readonly<Record<RemoteWriteKind, string | undefined>> = {
  [RemoteWriteKind.mimir]: "X-Scope-OrgID",
  [RemoteWriteKind.thanosReceive]: "THANOS-TENANT",
  [RemoteWriteKind.victoriaMetrics]: undefined,
};

const secretRef = (endpoint: string, part: "username" | "password" | "token"): { key: string; name: string } => ({
  key: scaleOut.remoteWriteSecretKey(endpoint, part),
  name: scaleOut.remoteWriteSecretName,
});

/** One `prometheusSpec.remoteWrite[]` entry: credentials by Secret reference only. */
function remoteWriteEntry(e: RemoteWriteConfig): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: e.name, url: e.url };
  const header = TENANT_HEADER[e.kind];
  if (e.tenant !== undefined && header !== undefined) entry.headers = { [header]: e.tenant };
  if (e.auth === RemoteWriteAuth.basic)
    entry.basicAuth = { password: secretRef(e.name, "password"), username: secretRef(e.name, "username") };
  if (e.auth === RemoteWriteAuth.bearer) entry.authorization = { credentials: secretRef(e.name, "token"), type: "Bearer" };
  const q = e.queue;
  const queue: Record<string, unknown> = {};
  if (q.capacity !== undefined) queue.capacity = q.capacity;
  if (q.minShards !== undefined) queue.minShards = q.minShards;
  if (q.maxShards !== undefined) queue.maxShards = q.maxShards;
  if (q.maxSamplesPerSend !== undefined) queue.maxSamplesPerSend = q.maxSamplesPerSend;
  if (q.batchSendDeadline !== undefined) queue.batchSendDeadline = q.batchSendDeadline.text;
  if (Object.keys(queue).length > 0) entry.queueConfig = queue;
  return entry;
}

/** The scale-out part of `prometheusSpec`: shards, remote write, Thanos sidecar. */
export function scaleOutValues(platform: PlatformConfig): Record<string, unknown> {
  const p = platform.prometheus;
  const out: Record<string, unknown> = { shards: p.shards };
  if (p.remoteWrite.length > 0) out.remoteWrite = p.remoteWrite.map(remoteWriteEntry);
  if (p.thanosSidecar !== undefined) {
    out.thanos = {
      objectStorageConfig: {
        existingSecret: { key: scaleOut.thanosObjectStorageSecretKey, name: scaleOut.thanosObjectStorageSecretName },
      },
    };
  }
  return out;
}

/** Secret values of the scale-out, of whatever type the caller holds them in; each endpoint by name. */
export interface ScaleOutSecrets<V> {
  readonly remoteWriteCredentials: Readonly<Record<string, V>>;
  readonly thanosObjectStorageConfig: V | undefined;
}

/**
 * The Secrets the scale-out needs: remote-write credentials (the basic-auth user name too, since the
 * Prometheus CRD reads both from a Secret) and the Thanos object-storage configuration. None when unused.
 */
export function scaleOutSecrets<V>(platform: PlatformConfig, secrets: ScaleOutSecrets<V>): SecretObject<V | string>[] {
  const out: SecretObject<V | string>[] = [];
  const meta = (name: string): SecretObject<V>["metadata"] => ({
    name,
    namespace: platform.namespace,
    labels: naming.platformObjectLabels(),
  });
  const data: Record<string, V | string> = {};
  for (const e of platform.prometheus.remoteWrite) {
    const credential = secrets.remoteWriteCredentials[e.name];
    if (credential === undefined || e.auth === RemoteWriteAuth.none) continue;
    if (e.auth === RemoteWriteAuth.basic) {
      data[scaleOut.remoteWriteSecretKey(e.name, "username")] = e.username ?? "";
      data[scaleOut.remoteWriteSecretKey(e.name, "password")] = credential;
    } else {
      data[scaleOut.remoteWriteSecretKey(e.name, "token")] = credential;
    }
  }
  if (Object.keys(data).length > 0) {
    out.push({ apiVersion: "v1", kind: "Secret", metadata: meta(scaleOut.remoteWriteSecretName), type: "Opaque", stringData: data });
  }
  if (platform.prometheus.thanosSidecar !== undefined && secrets.thanosObjectStorageConfig !== undefined) {
    out.push({
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta(scaleOut.thanosObjectStorageSecretName),
      type: "Opaque",
      stringData: { [scaleOut.thanosObjectStorageSecretKey]: secrets.thanosObjectStorageConfig },
    });
  }
  return out;
}

/** Placeholder scale-out secrets for rendering: every needed credential is `placeholder`. */
export function placeholderScaleOutSecrets<V>(platform: PlatformConfig, placeholder: V): ScaleOutSecrets<V> {
  return {
    remoteWriteCredentials: Object.fromEntries(
      platform.prometheus.remoteWrite.filter((e) => e.auth !== RemoteWriteAuth.none).map((e) => [e.name, placeholder]),
    ),
    thanosObjectStorageConfig: platform.prometheus.thanosSidecar !== undefined ? placeholder : undefined,
  };
}
