import { LIMITS, shorten } from "./sinks";

/** One problem found in the stack config, with the path of the field it concerns. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `services[0].metrics.interval`. */
  readonly path: string;
  /** What is wrong and what is allowed, e.g. `"5x" is not a duration; use ...`. */
  readonly message: string;
}

/** Thrown by {@link parseStack} with every problem at once; `message` lists them one per line. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** Formats issues the way every entry point prints them. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  const head = `invalid stack config: ${issues.length} problem${issues.length === 1 ? "" : "s"}`;
  // A pasted blob can hold thousands of unknown keys: the first hundred say what is wrong.
  const shown = issues.slice(0, MAX_LISTED).map((i) => `  - ${i.path}: ${i.message}`);
  const more = issues.length > MAX_LISTED ? [`  (${issues.length - MAX_LISTED} more problems not listed)`] : [];
  return [head, ...shown, ...more].join("\n");
}

/** Problems listed one per line; the rest are counted. */
const MAX_LISTED = 100;

/** Renders a config value for an error message: strings quoted, objects as compact JSON. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return shorten(value);
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > LIMITS.shownValue ? `${[...text.slice(0, LIMITS.shownValue - 3)].join("")}...` : text;
  } catch {
    return String(value);
  }
}

/** Collects issues while a parse walks the config. */
export class IssueList {
  readonly items: ConfigIssue[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}
