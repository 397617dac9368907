/** The fast YAML writer gives exactly js-yaml's bytes (format/yaml.ts keeps js-yaml as the reference). */
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { renderStack } from "../render";
import { toYaml, toYamlReference } from "../format";
import { devStack } from "./support/config";
import { generate, stackObjects } from "../generate";

const awkward: readonly string[] = [
  "",
  " ",
  "a",
  "_",
  "-",
  "-x",
  "x-",
  "a b",
  "a b ",
  " a",
  "a: b",
  "a:b",
  "a #b",
  "a#b",
  "#a",
  "?",
  "?a",
  ":a",
  "a:",
  "'a'",
  '"a"',
  "null",
  "Null",
  "NULL",
  "~",
  "true",
  "True",
  "FALSE",
  "yes",
  "No",
  "on",
  "OFF",
  "y",
  "n",
  "<<",
  "1",
  "1.0",
  "-1",
  "+1",
  "0x1f",
  "0o7",
  "1_000",
  "1e3",
  ".5",
  ".inf",
  "-.Inf",
  ".nan",
  "NaN",
  "1:30",
  "2024-01-02",
  "2024-01-02T03:04:05Z",
  "{a}",
  "[a]",
  "a,b",
  "a, b",
  "*a",
  "&a",
  "!a",
  "|a",
  ">a",
  "%a",
  "@a",
  "`a`",
  "=a",
  "a=b",
  "tab\there",
  "é",
  "日本",
  "😀",
  "\u0085",
  "\u2028",
  "\ufeffa",
  "multi\nline",
  "trailing\n",
  "two\n\n",
  "\n",
  "\nlead",
  "  indented\nline",
  "line\n  more",
  "a\r\nb",
  "a\tb\nc",
  "x".repeat(1100),
  'sum(rate(x{job="a"}[5m])) > 0.5',
  "{{ $labels.service }} is down",
  "https://example.com/a#b",
  "a :b",
  "a: ",
  "a #",
  "a:#",
  "a::b",
  'x"y',
  "x\\y",
  '{"a": 1}',
  "(a) # b",
  "$x",
  'a\\"b',
  "1 - x",
  "_1",
  "_:1",
  "0:1",
  "~x",
  "<<x",
  "+x",
  ".x",
  "x:",
  "x ",
  'sum by (namespace, job) (rate(x{job="a"}[5m])) > 0.5',
  "/metrics",
  "5..",
  "ko-team-a",
  "Yes please",
  "{{ $value | humanizePercentage }}",
  "  lead\n\n  x\n",
  "a\n\n\n",
  "\n\n",
  " \n",
  "x\n \n y",
  '{\n  "a": 1\n}\n',
  "2001-12-14 21:59:43.10 -5",
  "1:30",
  "-1:30",
  "0b101",
  "1e",
  "12e3",
  "burning 14.4× too fast",
  "×",
  "× #x",
  "×: x",
  "a\u00a0b",
  "\u00a0",
  "a\u0085",
  "x\n×\n",
  "é\n\u00a0\n",
  "\ufffd",
  "\ufffe",
  "\ue000x",
  "x\u2029y",
  "\u00a1¿",
];

describe("toYaml", () => {
  it("writes every awkward string as js-yaml does, as a value, a list item, a key and in nested blocks", () => {
    for (const s of awkward) {
      const doc = { [s]: s, list: [s, [s], { [s]: [s] }], nested: { deeper: { deepest: s, list: [{ k: s, [s]: { x: s } }] } } };
      expect(toYaml(doc), JSON.stringify(s)).toBe(toYamlReference(doc));
      expect(toYaml(s), JSON.stringify(s)).toBe(toYamlReference(s));
      expect(toYaml([s]), JSON.stringify(s)).toBe(toYamlReference([s]));
    }
  });

  it("writes thousands of random strings of YAML's special characters as js-yaml does (seeded)", () => {
    const alphabet = [
      "a",
      "Z",
      "0",
      "1",
      "9",
      " ",
      ":",
      "#",
      "-",
      "?",
      ",",
      "[",
      "]",
      "{",
      "}",
      "&",
      "*",
      "!",
      "|",
      ">",
      "'",
      '"',
      "%",
      "@",
      "`",
      "=",
      ".",
      "_",
      "~",
      "<",
      "+",
      "e",
      "\\",
      "\t",
      "\n",
      "é",
      "x:",
      "×",
      "\u00a0",
      "\u2028",
      "\ufeff",
      "😀",
    ];
    let seed = 42;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    for (let i = 0; i < 5000; i++) {
      const s = Array.from({ length: 1 + (next() % 6) }, () => alphabet[next() % alphabet.length]).join("");
      const doc = { [s]: [s, { k: s }] };
      expect(toYaml(doc), JSON.stringify(s)).toBe(toYamlReference(doc));
    }
  });

  it.each([
    ["numbers", { a: [0, -0, 1, -1, 0.1, 1e21, 1.5e-7, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] }],
    ["null, booleans and undefined", { a: null, b: true, c: false, d: undefined, e: [undefined, null], f: { g: undefined } }],
    ["empty maps and lists", { a: {}, b: [], c: [[], {}], d: [[[]]], e: { f: {} } }],
    ["lists of lists and maps", [[1, [2, 3]], [{ a: 1, b: [1] }], { "": 1 }]],
    ["integer-like keys (js-yaml sorts them as text)", { 10: "a", 9: "b", a: "c", "1.5": "d" }],
    ["a key longer than 1024 characters", { ["k".repeat(1500)]: 1 }],
    ["a date (left to js-yaml)", { at: new Date(0) }],
    ["undefined at the top", undefined],
    ["a string at the top", "text"],
  ])("writes %s as js-yaml does", (_name, value) => {
    expect(toYaml(value)).toBe(toYamlReference(value));
  });

  it("writes every YAML file of the dev stack's render, and every object, as js-yaml does", () => {
    const stack = devStack();
    for (const o of stackObjects(generate(stack), { grafanaAdminPassword: "<secret>" })) expect(toYaml(o)).toBe(toYamlReference(o));
    const files = renderStack(stack).filter((f) => f.path.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const value = yaml.load(f.content);
      expect(toYamlReference(value), f.path).toBe(f.content);
      expect(toYaml(value), f.path).toBe(f.content);
    }
  });
});
