/** Kubernetes quantities and Prometheus byte sizes, as numbers of bytes, to compare a retention size with its volume. */

const K8S_SUFFIX: Readonly<Record<string, number>> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Prometheus `--storage.tsdb.retention.size` units are powers of 1024 (1KB = 1024B). */
const PROMETHEUS_SUFFIX: Readonly<Record<string, number>> = {
  B: 1,
  KB: 2 ** 10,
  MB: 2 ** 20,
  GB: 2 ** 30,
  TB: 2 ** 40,
  PB: 2 ** 50,
  EB: 2 ** 60,
};

export const K8S_QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
export const K8S_CPU = /^([0-9]+(?:\.[0-9]+)?)(m)?$/;
export const PROMETHEUS_SIZE = /^([0-9]+)(B|KB|MB|GB|TB|PB|EB)$/;

/** Bytes of a Kubernetes quantity such as `100Gi`; undefined when it is not one. */
export function quantityBytes(text: string): number | undefined {
  const m = K8S_QUANTITY.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (K8S_SUFFIX[m[2] ?? ""] ?? 1);
}

/** Bytes of a Prometheus size such as `85GB`; undefined when it is not one. */
export function prometheusSizeBytes(text: string): number | undefined {
  const m = PROMETHEUS_SIZE.exec(text);
  if (!m || m[2] === undefined) return undefined;
  return Number(m[1]) * (PROMETHEUS_SUFFIX[m[2]] ?? 1);
}

/** The largest whole Prometheus size in GB (GiB) that fits in `bytes`, e.g. `85GB`. */
export function wholeGigabytes(bytes: number): string {
  return `${Math.floor(bytes / 2 ** 30)}GB`;
}
