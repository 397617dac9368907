import { DEFAULTS } from "./defaults";
import { show, type ConfigIssue } from "./errors";
import { DNS_LABEL } from "./names";
import { Fields } from "./read";
import { LIMITS, SECRET_POINTER, credentialProblem, isCredentialKey, urlProblem } from "./sinks";
import { RemoteWriteAuth, RemoteWriteKind, type PlatformConfig, type RemoteWriteQueueConfig, type RemoteWriteConfig } from "./types";

/** Secret config key holding remote-write credentials, a map keyed by endpoint name. */
export const REMOTE_WRITE_SECRETS_KEY = "remoteWriteSecrets";
/** Secret config key holding the Thanos sidecar's object-storage configuration (Thanos objstore YAML). */
export const THANOS_OBJECT_STORAGE_KEY = "thanosObjectStorageConfig";

const KEYS = ["name", "kind", "url", "tenant", "auth", "username", "queue"] as const;
const QUEUE_KEYS = ["capacity", "minShards", "maxShards", "maxSamplesPerSend", "batchSendDeadline"] as const;

function secretHint(name: string): string {
  return `pulumi config set --secret --path '${REMOTE_WRITE_SECRETS_KEY}["${name}"]' <value>`;
}

function parseQueue(f: Fields): RemoteWriteQueueConfig | undefined {
  const q = f.object("queue", QUEUE_KEYS, { optional: true });
  if (!q) return undefined;
  const before = q.issues.items.length;
  const n = (key: (typeof QUEUE_KEYS)[number]): number | undefined => (q.has(key) ? q.number(key, { integer: true, min: 1 }) : undefined);
  const queue: RemoteWriteQueueConfig = {
    capacity: n("capacity"),
    minShards: n("minShards"),
    maxShards: n("maxShards"),
    maxSamplesPerSend: n("maxSamplesPerSend"),
    batchSendDeadline: q.has("batchSendDeadline") ? q.duration("batchSendDeadline", { positive: true }) : undefined,
  };
  if (queue.minShards !== undefined && queue.maxShards !== undefined && queue.minShards > queue.maxShards) {
    q.problem("minShards", `${queue.minShards} is above maxShards ${queue.maxShards}`);
  }
  return q.issues.items.length === before ? queue : undefined;
}

function parseEndpoint(raw: unknown, path: string, f: Fields): RemoteWriteConfig | undefined {
  const plainCredentials =
    raw !== null && typeof raw === "object" && !Array.isArray(raw) ? Object.keys(raw).filter(isCredentialKey).sort() : [];
  const e = Fields.open(raw, path, f.issues, [...KEYS, ...plainCredentials]);
  if (!e) return undefined;
  const before = e.issues.items.length;
  const name = e.string("name", {
    hint: "a DNS label naming the endpoint, also the key of its credential",
    check: (s) => (s.length <= 40 && DNS_LABEL.test(s) ? undefined : "is not a DNS label of at most 40 characters"),
  });
  for (const key of plainCredentials) {
    e.problem(
      key,
      `is a credential and must not be in plain config (stack files are committed); remove it, set auth, and set the credential with ${secretHint(name ?? "<name>")}`,
    );
  }
  const kind = e.string("kind", {
    hint: `the engine: ${Object.values(RemoteWriteKind).join(", ")}`,
    oneOf: Object.values(RemoteWriteKind),
  }) as RemoteWriteKind | undefined;
  const url = e.string("url", {
    hint: "the push URL, e.g. https://mimir.example.com/api/v1/push",
    check: (s) =>
      /^https?:\/\/[^/]*@/.test(s)
        ? `carries credentials; remove them from the URL, set auth: basic with username, and set the password with ${secretHint(name ?? "<name>")}`
        : urlProblem(s)?.replace(SECRET_POINTER, `set auth and the credential with ${secretHint(name ?? "<name>")}`),
  });
  const tenant = e.optionalString("tenant", {
    check: (s) => (/^[A-Za-z0-9_.|-]{1,150}$/.test(s) ? undefined : "is not a tenant id; allowed: 1 to 150 of [A-Za-z0-9_.|-]"),
  });
  if (kind === RemoteWriteKind.victoriaMetrics && tenant !== undefined) {
    e.problem(
      "tenant",
      `${show(tenant)} cannot be sent to VictoriaMetrics, which reads no tenant header; put the tenant in the URL path instead (cluster: /insert/<accountID>/prometheus/api/v1/write)`,
    );
  }
  const auth = e.string("auth", { default: DEFAULTS.remoteWrite.auth, oneOf: Object.values(RemoteWriteAuth) }) as
    RemoteWriteAuth | undefined;
  const username = e.optionalString("username", {
    check: (s) =>
      (/^[\x21-\x7e]{1,256}$/.test(s) ? undefined : "is not a user name; allowed: at most 256 printable characters without spaces") ??
      credentialProblem(s),
  });
  if (auth === RemoteWriteAuth.basic && username === undefined && !e.has("username")) {
    e.problem("username", `is required with auth: basic (the password comes from ${REMOTE_WRITE_SECRETS_KEY}["${name ?? "<name>"}"])`);
  }
  if (auth !== undefined && auth !== RemoteWriteAuth.basic && username !== undefined) {
    e.problem("username", `is only used with auth: basic, not ${show(auth)}`);
  }
  const queue = parseQueue(e);
  if (
    e.issues.items.length !== before ||
    name === undefined ||
    kind === undefined ||
    url === undefined ||
    auth === undefined ||
    queue === undefined
  )
    return undefined;
  return { name, kind, url, tenant, auth, username, queue };
}

/** Parses `platform.prometheus.remoteWrite`: a list of endpoints, names unique, sorted by name. */
export function parseRemoteWrite(p: Fields): RemoteWriteConfig[] | undefined {
  const list = p.list("remoteWrite", { optional: true, hint: "remote-write endpoints", max: LIMITS.remoteWrite });
  if (!list) return undefined;
  const out: RemoteWriteConfig[] = [];
  const seen = new Map<string, string>();
  let ok = true;
  for (const { value, path } of list) {
    const endpoint = parseEndpoint(value, path, p);
    if (!endpoint) {
      ok = false;
      continue;
    }
    const first = seen.get(endpoint.name);
    if (first !== undefined) {
      p.issues.add(
        `${path}.name`,
        `${show(endpoint.name)} is already the name of ${first}; endpoint names must be unique (they key the credentials)`,
      );
      ok = false;
      continue;
    }
    seen.set(endpoint.name, path);
    out.push(endpoint);
  }
  return ok ? out.sort((a, b) => (a.name < b.name ? -1 : 1)) : undefined;
}

/** Names of the remote-write endpoints that need a credential in `remoteWriteSecrets`. */
export function remoteWriteCredentialNames(endpoints: readonly RemoteWriteConfig[]): string[] {
  return endpoints.filter((e) => e.auth !== RemoteWriteAuth.none).map((e) => e.name);
}

/**
 * Every scale-out secret the platform needs and the stack lacks, or has without using: checked on
 * the key names only, before any resource, so that a missing credential is reported with its command.
 */
export function platformSecretIssues(
  platform: PlatformConfig,
  remoteWriteKeys: readonly string[],
  thanosConfigSet: boolean,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const needed = remoteWriteCredentialNames(platform.prometheus.remoteWrite);
  for (const name of needed) {
    if (!remoteWriteKeys.includes(name)) {
      issues.push({
        path: `${REMOTE_WRITE_SECRETS_KEY}["${name}"]`,
        message: `is missing: remote-write endpoint ${show(name)} has auth ${platform.prometheus.remoteWrite.find((e) => e.name === name)?.auth ?? ""}; set it with ${secretHint(name)}`,
      });
    }
  }
  for (const name of [...remoteWriteKeys].sort()) {
    if (!needed.includes(name)) {
      issues.push({
        path: `${REMOTE_WRITE_SECRETS_KEY}["${name}"]`,
        message: `is set but no remote-write endpoint with auth basic or bearer is named ${show(name)}; endpoints needing one: ${needed.length > 0 ? needed.join(", ") : "none"}`,
      });
    }
  }
  if (platform.prometheus.thanosSidecar !== undefined && !thanosConfigSet) {
    issues.push({
      path: THANOS_OBJECT_STORAGE_KEY,
      message: `is required with platform.prometheus.thanosSidecar (the bucket and its credentials, Thanos objstore YAML); set it with pulumi config set --secret ${THANOS_OBJECT_STORAGE_KEY} -- "$(cat objstore.yaml)"`,
    });
  }
  return issues;
}
