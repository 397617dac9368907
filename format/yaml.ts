/**
 * YAML as js-yaml writes it with sorted keys, no line folding and no anchors. {@link toYaml} is a
 * small block-style writer, not js-yaml's `dump`, because the benchmark shows js-yaml's cost: rendering
 * 1000 services (`node --import tsx bench/render-worker.ts 1000 1`, this 2-core machine, shared) took
 * 2.6 s to render and 3.9 s for the whole process with this writer, 7.5 s and 13.2 s with `dump`
 * (`toYamlReference`) for every file, over the 5 s target. A test compares both on every rendered
 * file and on a table of awkward values, so the bytes are js-yaml's.
 */
import yaml from "js-yaml";
import { sortKeys } from "./keys";

const DUMP_OPTIONS: yaml.DumpOptions = { lineWidth: -1, noRefs: true, sortKeys: true, quotingType: '"' };

/**
 * The reference serialiser: js-yaml on a key-sorted copy. {@link toYaml} gives the same bytes, faster;
 * a test compares the two on every rendered file and on a table of awkward values.
 */
export function toYamlReference(value: unknown): string {
  return yaml.dump(sortKeys(value), DUMP_OPTIONS);
}

/** A value the fast writer leaves to js-yaml (dates, typed arrays, functions...): never in our output. */
class Unsupported extends Error {}

/**
 * Strings js-yaml always writes plain: a letter or `_` first, then letters, digits, `_`, `.`, `/`, `-`
 * or inner spaces, and no word YAML would read as null or a boolean (the YAML 1.1 ones included).
 */
const PLAIN = /^[A-Za-z_](?:[A-Za-z0-9_./ -]*[A-Za-z0-9_./-])?$/;
const NOT_PLAIN = new Set([
  "null",
  "Null",
  "NULL",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "on",
  "On",
  "ON",
  "off",
  "Off",
  "OFF",
]);

/**
 * Text of characters js-yaml prints as they are (its isPrintable, in the Basic Multilingual Plane):
 * printable ASCII and U+00A1 to U+FFFD, without U+2028/2029, surrogates and the byte-order mark.
 */
const PRINTABLE_LINE = /^[\x20-\x7e\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+$/;
const PRINTABLE_LINES = /^[\n\x20-\x7e\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+$/;
/** Characters js-yaml will not start a plain scalar with (YAML indicators and white space). */
const PLAIN_FIRST = /^[^ \-?:,[\]{}#&*!|=>'"%@`]/;
/** First characters of everything YAML could read as a number, a date, null (`~`) or a merge key (`<<`). */
const MAYBE_TYPED = /^[0-9+.~<_]/;
/** YAML 1.1 sexagesimal numbers, which js-yaml quotes for older readers. */
const BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;

/** js-yaml's implicit resolvers of its default schema: a plain scalar any of them accepts is not read as a string. */
const RESOLVERS: readonly yaml.Type[] = (() => {
  const types = (yaml as unknown as { types: Readonly<Record<string, yaml.Type | undefined>> }).types;
  return ["null", "bool", "int", "float", "timestamp", "merge"].map((name) => {
    const t = types[name];
    if (t === undefined) throw new Error(`js-yaml has no ${name} type`);
    return t;
  });
})();

const doubleQuoted = (s: string): string => `"${s.replace(/[\\"]/g, "\\$&")}"`;

/**
 * js-yaml's choice for a one-line printable string: plain when YAML reads it back as the same
 * string, else double-quoted with `"` and `\` escaped (the only printable characters it escapes).
 */
function printableLine(s: string): string | undefined {
  if (!PRINTABLE_LINE.test(s)) return undefined;
  const plain = PLAIN_FIRST.test(s) && !s.endsWith(" ") && !s.endsWith(":") && !s.includes(" #") && !s.includes(": ");
  if (!plain) return doubleQuoted(s);
  if (NOT_PLAIN.has(s) || BASE60.test(s)) return `"${s}"`;
  if (MAYBE_TYPED.test(s) && RESOLVERS.some((t) => t.resolve(s))) return doubleQuoted(s);
  return s;
}

/**
 * js-yaml's literal block for a multi-line printable value: `|`, an indentation indicator when
 * the text starts with a space, the chomping indicator, then every non-empty line indented
 * 2 × max(1, level).
 */
function printableLiteral(s: string, level: number): string {
  const indicator = /^\n* /.test(s) ? "2" : "";
  const clip = s.endsWith("\n");
  const chomp = clip && (s === "\n" || s[s.length - 2] === "\n") ? "+" : clip ? "" : "-";
  const body = s.replace(/^(?!$)/gm, indent(Math.max(1, level)));
  return `|${indicator}${chomp}\n${body.endsWith("\n") ? body.slice(0, -1) : body}`;
}

const indent = (level: number): string => "  ".repeat(level);

/**
 * A string scalar as js-yaml writes it at `level`. Single-line results do not depend on the place;
 * a literal block (a multi-line value) is indented 2 × max(1, level), so js-yaml's top-level answer
 * (indent 2) is re-indented. A multi-line key is double-quoted, as js-yaml's flow context does it.
 */
function stringScalar(s: string, level: number, isKey: boolean): string {
  if (PLAIN.test(s) && !NOT_PLAIN.has(s)) return s;
  if (!s.includes("\n")) return printableLine(s) ?? yaml.dump(s, DUMP_OPTIONS).slice(0, -1);
  if (isKey) return yaml.dump([s], { ...DUMP_OPTIONS, flowLevel: 0 }).slice(1, -2);
  if (PRINTABLE_LINES.test(s)) return printableLiteral(s, level);
  const top = yaml.dump(s, DUMP_OPTIONS).slice(0, -1);
  if (top[0] !== "|" || level <= 1) return top;
  const pad = indent(level - 1);
  return top.replace(/\n(?=[^\n])/g, `\n${pad}`);
}

function scalar(value: unknown, level: number): string | undefined {
  switch (typeof value) {
    case "string":
      return stringScalar(value, level, false);
    case "number":
      return numberScalar(value);
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return undefined;
    default:
      if (value === null) return "null";
      throw new Unsupported();
  }
}

/**
 * js-yaml's number: an integer as `toString`, other finite numbers too but with a dot before a bare
 * exponent (`5.e-100`), `-0.0`, and `.nan`, `.inf`, `-.inf`.
 */
function numberScalar(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  if (Object.is(n, -0)) return "-0.0";
  const text = n.toString(10);
  return Number.isInteger(n) || !/^[-+]?[0-9]+e/.test(text) ? text : text.replace("e", ".e");
}

/** js-yaml's writeNode for block style (flowLevel -1, indent 2): undefined for a value to leave out. */
function node(value: unknown, level: number, compact: boolean): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? "[]" : sequence(value, level, compact);
  if (value !== null && typeof value === "object") {
    if (Object.prototype.toString.call(value) !== "[object Object]") throw new Unsupported();
    return mapping(value as Record<string, unknown>, level, compact);
  }
  return scalar(value, level);
}

function sequence(items: readonly unknown[], level: number, compact: boolean): string {
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const item = node(items[i], level + 1, true) ?? "null";
    if (!compact || out !== "") out += `\n${indent(level)}`;
    out += item.charCodeAt(0) === 10 ? `-${item}` : `- ${item}`;
  }
  return out;
}

function mapping(map: Record<string, unknown>, level: number, compact: boolean): string {
  const keys = Object.keys(map).sort();
  let out = "";
  for (const key of keys) {
    const v = node(map[key], level + 1, false);
    if (v === undefined) continue;
    let pair = !compact || out !== "" ? `\n${indent(level)}` : "";
    const k = stringScalar(key, level + 1, true);
    // js-yaml writes a key longer than 1024 characters as an explicit `? key` pair.
    if (k.length > 1024) throw new Unsupported();
    pair += k;
    pair += v.charCodeAt(0) === 10 ? `:${v}` : `: ${v}`;
    out += pair;
  }
  return out === "" ? "{}" : out;
}

/**
 * YAML with sorted keys, no line folding and no anchors: byte-for-byte stable. The same bytes as
 * {@link toYamlReference} (js-yaml), written by a small block-style writer that asks js-yaml only
 * about the scalars it cannot settle at a glance.
 */
export function toYaml(value: unknown): string {
  try {
    const text = node(value, 0, true);
    return text === undefined ? "" : `${text}\n`;
  } catch (e) {
    if (e instanceof Unsupported) return toYamlReference(value);
    throw e;
  }
}
