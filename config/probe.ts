/**
 * Synthetic probes: a service may ask to be probed from outside (`probe: {url, module, interval}`)
 * by the blackbox exporter the platform deploys. A probe tells whether a service with little or no
 * traffic of its own is up, which its request metrics cannot.
 */
import { show } from "./errors";
import { urlProblem } from "./sinks";
import type { Fields, Duration } from "./read";

/**
 * The blackbox exporter modules a probe may name, as the exporter's configuration (rendered into the
 * chart's `config.modules`). `http_2xx` is the chart's own default module.
 */
export const PROBE_MODULES = {
  /** GET, any 2xx answer over HTTP/1.1 or HTTP/2, redirects followed, IPv4 preferred. */
  http_2xx: {
    prober: "http",
    timeout: "5s",
    http: { valid_http_versions: ["HTTP/1.1", "HTTP/2.0"], follow_redirects: true, preferred_ip_protocol: "ip4" },
  },
  /** POST with an empty body, any 2xx answer; for endpoints that only accept POST. */
  http_post_2xx: {
    prober: "http",
    timeout: "5s",
    http: { method: "POST", valid_http_versions: ["HTTP/1.1", "HTTP/2.0"], preferred_ip_protocol: "ip4" },
  },
} as const;
export type ProbeModule = keyof typeof PROBE_MODULES;
export const PROBE_MODULE_NAMES = Object.keys(PROBE_MODULES) as ProbeModule[];

/** A service's synthetic probe. */
export interface ProbeConfig {
  /** What the blackbox exporter requests: an http(s) URL, never a link-local or cloud metadata address. */
  readonly url: string;
  /** Blackbox exporter module. Defaults to `http_2xx`. */
  readonly module: ProbeModule;
  /** How often the probe runs. Defaults to `30s`. */
  readonly interval: Duration;
}

export const PROBE_DEFAULTS = { module: "http_2xx", interval: "30s" } as const;

/** Cloud metadata services by name: a probe must not make the platform fetch credentials. */
const METADATA_HOSTS = ["metadata", "metadata.google.internal", "metadata.goog", "100.100.100.200", "fd00:ec2::254"];

/** Why a probe URL is refused, or undefined. Hosts are compared after URL normalisation (`2852039166` is 169.254.169.254). */
export function probeUrlProblem(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "is not a URL; use an absolute http or https URL";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    return `has scheme ${show(u.protocol.slice(0, -1))}; a probe URL must be http or https`;
  if (u.username !== "" || u.password !== "") return "carries credentials; probe URLs end up in Probe objects and labels";
  const host = u.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (/^169\.254\./.test(host) || /^fe[89ab][0-9a-f]?:/.test(host)) {
    return "points at a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer; probe the service's own address";
  }
  if (METADATA_HOSTS.includes(host.replace(/\.$/, ""))) return "points at a cloud metadata service; probe the service's own address";
  // Then the URL sink (safe characters, no credential parameters, length): the URL lands in the Probe object and the
  // probe's `instance` label, so in alerts and notifications.
  return urlProblem(raw);
}

/** Parses `probe`; undefined when absent or refused (the problem is reported). */
export function parseProbe(f: Fields): ProbeConfig | undefined {
  if (!f.has("probe")) return undefined;
  const p = f.object("probe", ["url", "module", "interval"], { hint: "the synthetic probe: url, module, interval" });
  if (!p) return undefined;
  const url = p.string("url", { hint: "the http(s) URL the blackbox exporter requests", check: probeUrlProblem });
  const module = p.string("module", { default: PROBE_DEFAULTS.module, oneOf: PROBE_MODULE_NAMES }) as ProbeModule | undefined;
  const interval = p.duration("interval", { default: PROBE_DEFAULTS.interval, min: 1 });
  if (url === undefined || module === undefined || interval === undefined) return undefined;
  return { url, module, interval };
}
