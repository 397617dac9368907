import { isObject } from "../format/guards";
import { IssueList, show } from "./errors";
import { SECRET_POINTER, credentialProblem, isCredentialKey, shorten } from "./sinks";
import { closestKey } from "./suggest";
import { DURATION_HELP, durationTooLong, parseDuration, type Duration } from "./duration";

// Duration lives with its parser, below every config module (types.ts reads it; read.ts reads the secrets checks).
export type { Duration } from "./duration";

type Check<T> = (value: T) => string | undefined;

/** Joins a path and a key the way error messages show them. */
export function at(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  // A hostile key is shown quoted and shortened, never at full length or with raw control characters.
  if (!/^[A-Za-z0-9_./@:-]{1,80}$/.test(key)) return `${path}[${shorten(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** Whether a key or its value looks like a credential (a webhook URL with its token, an API key). */
export function looksSecret(key: string, value: unknown): boolean {
  if (isCredentialKey(key) || /^(api_?key|routing_?key|webhook(_?url)?|url|key)$/i.test(key)) return true;
  return typeof value === "string" && value.length < 10_000 && credentialProblem(value) !== undefined;
}

/**
 * Typed, path-aware access to one config object. Every read reports its own problem to the shared
 * issue list and returns undefined, so one parse collects every problem at once.
 */
export class Fields {
  private constructor(
    private readonly raw: Record<string, unknown>,
    readonly path: string,
    readonly issues: IssueList,
  ) {}

  /** Opens `value` as an object with exactly the `allowed` keys; reports unknown keys. */
  static open(value: unknown, path: string, issues: IssueList, allowed: readonly string[], what = "an object"): Fields | undefined {
    if (!isObject(value)) {
      issues.add(path, `must be ${what}, got ${show(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value).sort()) {
      if (!allowed.includes(key)) {
        // Suggestions cost an edit distance each: a pasted blob of thousands of keys gets none past the first hundred problems.
        const meant = issues.items.length < 100 ? closestKey(key, allowed) : undefined;
        const secret = looksSecret(key, value[key]) ? `; it looks like a credential: ${SECRET_POINTER}` : "";
        issues.add(
          at(path, key),
          `unknown key${meant !== undefined ? ` (did you mean ${meant}?)` : ""}${secret}; allowed: ${[...allowed].sort().join(", ")}`,
        );
      }
    }
    return new Fields(value, path, issues);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  get(key: string): unknown {
    return this.raw[key];
  }

  at(key: string): string {
    return at(this.path, key);
  }

  problem(key: string, message: string): void {
    this.issues.add(this.at(key), message);
  }

  private missing(key: string, hint: string): undefined {
    this.problem(key, `is required (${hint})`);
    return undefined;
  }

  /** A string; `oneOf` closes the set, `check` adds a rule. Without a default, missing is an error. */
  string(
    key: string,
    opts: { default?: string; hint?: string; oneOf?: readonly string[]; check?: Check<string> } = {},
  ): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      return opts.default !== undefined ? opts.default : this.missing(key, opts.hint ?? "a string");
    }
    if (typeof value !== "string") {
      this.problem(key, `must be a string, got ${show(value)}`);
      return undefined;
    }
    if (opts.oneOf && !opts.oneOf.includes(value)) {
      const meant = closestKey(value, opts.oneOf);
      this.problem(
        key,
        `${show(value)} is not allowed${meant !== undefined ? ` (did you mean ${meant}?)` : ""}; use one of ${opts.oneOf.join(", ")}`,
      );
      return undefined;
    }
    const why = opts.check?.(value);
    if (why !== undefined) {
      this.problem(key, `${show(value)} ${why}`);
      return undefined;
    }
    return value;
  }

  /** An optional string: undefined when absent, checked when present. */
  optionalString(key: string, opts: { check?: Check<string> } = {}): string | undefined {
    if (!this.has(key)) return undefined;
    return this.string(key, opts);
  }

  number(
    key: string,
    opts: { default?: number; hint?: string; min?: number; max?: number; above?: number; below?: number; integer?: boolean } = {},
  ): number | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      return opts.default !== undefined ? opts.default : this.missing(key, opts.hint ?? "a number");
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.problem(key, `must be a number, got ${show(value)}`);
      return undefined;
    }
    const bounds: string[] = [];
    if (opts.integer) bounds.push("a whole number");
    if (opts.min !== undefined) bounds.push(`at least ${opts.min}`);
    if (opts.above !== undefined) bounds.push(`above ${opts.above}`);
    if (opts.max !== undefined) bounds.push(`at most ${opts.max}`);
    if (opts.below !== undefined) bounds.push(`below ${opts.below}`);
    const bad =
      (opts.integer && !Number.isInteger(value)) ||
      (opts.min !== undefined && value < opts.min) ||
      (opts.max !== undefined && value > opts.max) ||
      (opts.above !== undefined && value <= opts.above) ||
      (opts.below !== undefined && value >= opts.below);
    if (bad) {
      this.problem(key, `${show(value)} is out of range; must be ${bounds.join(", ")}`);
      return undefined;
    }
    return value;
  }

  boolean(key: string, fallback: boolean): boolean | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean") {
      this.problem(key, `must be true or false, got ${show(value)}`);
      return undefined;
    }
    return value;
  }

  /** A Prometheus duration such as `30s`; `min` in seconds. */
  duration(key: string, opts: { default?: string; hint?: string; min?: number; positive?: boolean } = {}): Duration | undefined {
    const text = this.string(key, {
      ...(opts.default !== undefined ? { default: opts.default } : {}),
      hint: opts.hint ?? "a duration such as 30s",
      check: (s) =>
        durationTooLong(s)
          ? "is longer than Prometheus and Alertmanager can hold (at most 292y)"
          : parseDuration(s) === undefined
            ? `is not a duration; ${DURATION_HELP}`
            : undefined,
    });
    if (text === undefined) return undefined;
    const seconds = parseDuration(text) ?? 0;
    if (opts.positive && seconds <= 0) {
      this.problem(key, `${show(text)} must be longer than zero`);
      return undefined;
    }
    if (opts.min !== undefined && seconds < opts.min) {
      this.problem(key, `${show(text)} is too short; must be at least ${opts.min}s`);
      return undefined;
    }
    return { text, seconds };
  }

  /** A nested object with a closed set of keys; absent gives an empty object when `optional`. */
  object(key: string, allowed: readonly string[], opts: { optional?: boolean; hint?: string } = {}): Fields | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      if (opts.optional) return Fields.open({}, this.at(key), this.issues, allowed);
      return this.missing(key, opts.hint ?? "an object");
    }
    return Fields.open(value, this.at(key), this.issues, allowed);
  }

  /** A list; each element comes with its path. */
  list(
    key: string,
    opts: { optional?: boolean; hint?: string; nonEmpty?: boolean; max?: number } = {},
  ): { value: unknown; path: string }[] | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      if (opts.optional) return [];
      return this.missing(key, opts.hint ?? "a list");
    }
    if (!Array.isArray(value)) {
      this.problem(key, `must be a list, got ${show(value)}`);
      return undefined;
    }
    if (opts.nonEmpty && value.length === 0) {
      this.problem(key, `must not be empty (${opts.hint ?? "a list"})`);
      return undefined;
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.problem(key, `has ${value.length} entries; at most ${opts.max} are allowed`);
      return undefined;
    }
    return value.map((v, i) => ({ value: v, path: at(this.at(key), i) }));
  }

  /** A map of string to string, each key and value checked; sorted by key. */
  stringMap(
    key: string,
    opts: {
      optional?: boolean;
      nonEmpty?: boolean;
      hint?: string;
      maxKeys?: number;
      keyCheck?: Check<string>;
      valueCheck?: Check<string>;
    } = {},
  ): Readonly<Record<string, string>> | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      if (opts.optional && !opts.nonEmpty) return {};
      return this.missing(key, opts.hint ?? "a map of strings");
    }
    if (!isObject(value)) {
      this.problem(key, `must be a map of strings, got ${show(value)}`);
      return undefined;
    }
    const keys = Object.keys(value).sort();
    if (opts.nonEmpty && keys.length === 0) {
      this.problem(key, `must not be empty (${opts.hint ?? "a map of strings"})`);
      return undefined;
    }
    if (opts.maxKeys !== undefined && keys.length > opts.maxKeys) {
      this.problem(key, `has ${keys.length} entries; at most ${opts.maxKeys} are allowed`);
      return undefined;
    }
    const out: Record<string, string> = {};
    let ok = true;
    for (const k of keys) {
      const v = value[k];
      const path = at(this.at(key), k);
      const keyWhy = opts.keyCheck?.(k);
      if (keyWhy !== undefined) {
        this.issues.add(path, `key ${show(k)} ${keyWhy}`);
        ok = false;
        continue;
      }
      if (typeof v !== "string") {
        this.issues.add(path, `must be a string, got ${show(v)}`);
        ok = false;
        continue;
      }
      const valueWhy = opts.valueCheck?.(v);
      if (valueWhy !== undefined) {
        this.issues.add(path, `${show(v)} ${valueWhy}`);
        ok = false;
        continue;
      }
      out[k] = v;
    }
    return ok ? out : undefined;
  }
}
