/** Naming rules of Prometheus and Kubernetes, checked by the spec. */

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** RFC 1123 label: Kubernetes namespace and service names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** IANA service name: what a ServiceMonitor endpoint `port` must name. */
export const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K8S_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const K8S_LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a Prometheus metric name is invalid, or undefined when it is fine. */
export function metricNameProblem(name: string): string | undefined {
  if (!METRIC_NAME.test(name)) return "is not a Prometheus metric name; allowed: [a-zA-Z_:][a-zA-Z0-9_:]*";
  if (name.includes(":")) return "contains ':', which Prometheus reserves for recording rules; use the name the service exports";
  return undefined;
}

/** Why a Prometheus label name is invalid, or undefined when it is fine. */
export function labelNameProblem(name: string): string | undefined {
  if (!LABEL_NAME.test(name)) return "is not a Prometheus label name; allowed: [a-zA-Z_][a-zA-Z0-9_]*";
  if (name.startsWith("__")) return "starts with '__', which Prometheus reserves for internal labels";
  return undefined;
}

/** Why a Kubernetes label key is invalid (`prefix/name` with a DNS subdomain prefix), or undefined. */
export function k8sLabelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return "has a prefix that is not a DNS subdomain (lowercase letters, digits, '-' and '.')";
  }
  if (name.length > 63 || !K8S_LABEL_NAME.test(name)) {
    return "is not a Kubernetes label key; allowed: an optional DNS prefix and '/', then at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric";
  }
  return undefined;
}

/** Why a Kubernetes label value is invalid, or undefined. */
export function k8sLabelValueProblem(value: string): string | undefined {
  if (value.length > 63 || !K8S_LABEL_VALUE.test(value)) {
    return "is not a Kubernetes label value; allowed: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric";
  }
  return undefined;
}
