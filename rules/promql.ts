/** Small PromQL builders shared by the rule generators; they only format text. */

/** `sum by (a, b) (inner)`, with the labels in a stable order. */
export function sumBy(labels: readonly string[], inner: string): string {
  return `sum by (${labels.join(", ")}) (${inner})`;
}

/** `metric{matchers}`. */
export function selector(metric: string, ...matchers: string[]): string {
  const m = matchers.filter((x) => x !== "");
  return m.length === 0 ? metric : `${metric}{${m.join(",")}}`;
}

/** `rate(metric{matchers}[window])`. */
export function rate(metric: string, matchers: string, window: string): string {
  return `rate(${selector(metric, matchers)}[${window}])`;
}

/** A label matcher with the value quoted for PromQL. */
export function matcher(name: string, op: "=" | "!=" | "=~" | "!~", value: string): string {
  return `${name}${op}${JSON.stringify(value)}`;
}

/** Formats a number as Prometheus client libraries format it in alert text: 0.01 → 1%. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}

/** Seconds as human text for summaries: 0.5 → 500ms, 2 → 2s. */
export function humanSeconds(seconds: number): string {
  return seconds < 1 ? `${Number((seconds * 1000).toPrecision(6))}ms` : `${Number(seconds.toPrecision(6))}s`;
}
