/** Small PromQL builders shared by the rule generators; they only format text. */
import { promqlString } from "../config";

const CLASSIC_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label name as PromQL spells it: bare when classic, quoted when UTF-8 (Prometheus 3: `"http.route"`). */
export function labelName(name: string): string {
  return CLASSIC_LABEL.test(name) ? name : promqlString(name);
}

/** `sum by (a, b) (inner)`, with the labels in a stable order. */
export function sumBy(labels: readonly string[], inner: string): string {
  return `sum by (${labels.map(labelName).join(", ")}) (${inner})`;
}

/**
 * `metric{matchers}`; a UTF-8 metric name goes inside the braces, quoted, as Prometheus 3 requires:
 * `{"http.server.request.duration_seconds_count",job="x"}`. Classic names are spelled as always.
 */
export function selector(metric: string, ...matchers: string[]): string {
  const m = matchers.filter((x) => x !== "");
  if (!CLASSIC_METRIC.test(metric)) return `{${[promqlString(metric), ...m].join(",")}}`;
  return m.length === 0 ? metric : `${metric}{${m.join(",")}}`;
}

/** `rate(metric{matchers}[window])`. */
export function rate(metric: string, matchers: string, window: string): string {
  return `rate(${selector(metric, matchers)}[${window}])`;
}

/** Whether a regex has a `.` that is neither escaped nor inside a character class: one that matches "any character". */
function hasAnyCharDot(re: string): boolean {
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]" || re[i - 1] === "[" || (re[i - 1] === "^" && re[i - 2] === "[");
    else if (c === "[") inClass = true;
    else if (c === ".") return true;
  }
  return false;
}

/**
 * A regex whose meaning is the same on Prometheus 2 and 3: Prometheus 3 lets `.` match a newline, 2 does not.
 * RE2's `(?-s:…)` turns that flag off, so such a regex keeps 2's meaning on both; a regex without an
 * any-character `.` means the same on both already and is left as it is.
 */
export function newlineStableRegex(re: string): string {
  return hasAnyCharDot(re) ? `(?-s:${re})` : re;
}

/** A label matcher with the value quoted for PromQL; a regex is made {@link newlineStableRegex}. */
export function matcher(name: string, op: "=" | "!=" | "=~" | "!~", value: string): string {
  const v = op === "=~" || op === "!~" ? newlineStableRegex(value) : value;
  return `${labelName(name)}${op}${promqlString(v)}`;
}

/** A number as Go's `strconv.FormatFloat(f, 'g', -1, 64)` writes it (client_golang's `le`): 1e-05, 0.25, 1e+06. */
export function goFloat(f: number): string {
  const [mantissa = "", exp = "0"] = f.toExponential().split("e");
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return String(f);
}

/**
 * Every spelling a histogram bucket bound reaches Prometheus with: Go clients write `1` and `1e-05`, Python
 * clients `1.0`, and Prometheus 3 normalises every `le` to a float form (`1.0`, `0.25`, `1e-05`). The first
 * is the plain JavaScript form, which generated tests write.
 */
export function leSpellings(bound: number): string[] {
  const go = goFloat(bound);
  const normalised = /[.e]/.test(go) ? go : `${go}.0`;
  const plain = String(bound);
  const python = Number.isInteger(bound) && !/e/.test(plain) ? `${plain}.0` : plain;
  return [...new Set([plain, python, go, normalised])];
}

/** An `le` matcher that selects a bucket bound in any of its {@link leSpellings}. */
export function bucketBoundMatcher(label: string, bound: number): string {
  const spellings = leSpellings(bound);
  return spellings.length === 1
    ? matcher(label, "=", spellings[0] ?? "")
    : matcher(label, "=~", spellings.map((s) => s.replace(/[.+]/g, "\\$&")).join("|"));
}

/** Formats a number as Prometheus client libraries format it in alert text: 0.01 → 1%. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}

/** Seconds as human text for summaries: 0.5 → 500ms, 2 → 2s. */
export function humanSeconds(seconds: number): string {
  return seconds < 1 ? `${Number((seconds * 1000).toPrecision(6))}ms` : `${Number(seconds.toPrecision(6))}s`;
}
