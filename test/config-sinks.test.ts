import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  FIELD_SINKS,
  promqlProblem,
  re2Literal,
  re2Matcher,
  re2Problem,
  textProblem,
  timeZoneProblem,
  urlProblem,
  credentialProblem,
} from "../config";
import { ROOT } from "./support/config";

/**
 * Every string-valued field of StackConfig, as `FIELD_SINKS` spells paths: `[]` for list elements,
 * `{}` for the keys and `*` for the values of string maps, `*` for a record keyed by a closed set.
 * Read from the types with the TypeScript compiler, so a new string field shows up here untold.
 */
function stringFieldPaths(): string[] {
  const program = ts.createProgram([path.join(ROOT, "config", "index.ts")], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(ROOT, "config", "types.ts"));
  if (source === undefined) throw new Error("config/types.ts not found");
  const stackConfig = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "StackConfig",
  );
  if (stackConfig === undefined) throw new Error("StackConfig not found");
  const out = new Set<string>();
  const walk = (type: ts.Type, at: string, depth: number): void => {
    if (depth > 12) return;
    const parts = type.isUnion() ? type.types : [type];
    for (const t of parts) {
      if (
        t.flags &
        (ts.TypeFlags.Undefined |
          ts.TypeFlags.Null |
          ts.TypeFlags.Boolean |
          ts.TypeFlags.BooleanLiteral |
          ts.TypeFlags.Number |
          ts.TypeFlags.NumberLiteral)
      )
        continue;
      if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) {
        out.add(at);
        continue;
      }
      if (checker.isArrayType(t) || checker.isTupleType(t)) {
        const el = checker.getTypeArguments(t as ts.TypeReference)[0];
        if (el !== undefined) walk(el, `${at}[]`, depth + 1);
        continue;
      }
      const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
      if (index !== undefined) {
        out.add(`${at}.{}`);
        walk(index.type, `${at}.*`, depth + 1);
        continue;
      }
      const props = checker.getPropertiesOfType(t);
      // A Record over a closed set of keys (resources by component, routes by severity): one `*` path.
      const closedRecord = props.length > 1 && props.every((p) => p.flags & ts.SymbolFlags.Optional) && at.endsWith("resources");
      const routes = at.endsWith(".routes");
      for (const p of props) {
        if (typeof checker.getTypeOfSymbol(p).getCallSignatures === "function" && checker.getTypeOfSymbol(p).getCallSignatures().length > 0)
          continue;
        const key = closedRecord || routes ? "*" : p.name;
        walk(checker.getNonNullableType(checker.getTypeOfSymbol(p)), at === "" ? key : `${at}.${key}`, depth + 1);
      }
    }
  };
  walk(checker.getTypeAtLocation(stackConfig.name), "", 0);
  // alerting.teams is a list in the spec and a map in the stack file; FIELD_SINKS names the list.
  return [...out].map((p) => p.replace(/^alerting\.teams\[\]/, "alerting.teams[]")).sort();
}

describe("every string field of the config has its sinks", () => {
  const fields = stringFieldPaths();

  it("the type walk finds the string fields (a sanity floor, so an empty walk cannot pass)", () => {
    expect(fields).toContain("services[].slos[].description");
    expect(fields).toContain("services[].labels.*");
    expect(fields.length).toBeGreaterThan(80);
  });

  it("a string field without a sink classification fails here: add it to FIELD_SINKS in config/sinks.ts", () => {
    expect(fields.filter((f) => FIELD_SINKS[f] === undefined)).toEqual([]);
  });

  it("FIELD_SINKS names no field the config does not have", () => {
    expect(Object.keys(FIELD_SINKS).filter((f) => !fields.includes(f))).toEqual([]);
  });
});

describe("the URL sink: http(s) only, no userinfo, no credential parameters, never protocol-relative", () => {
  it.each([
    ["a plain https URL", "https://runbooks.example.com/orders", undefined],
    ["a port and a query", "http://wiki.example.com:8080/x?page=2#top", undefined],
    ["javascript:", "javascript:alert(1)", "is not an http(s) URL"],
    ["a protocol-relative URL", "//evil.example.com/x", "is not an http(s) URL (a protocol-relative URL leaves the site)"],
    ["Slack link syntax", "https://a.example.com/x|click here", "is not an http(s) URL: only letters"],
    ["an angle bracket", "https://a.example.com/<x>", "is not an http(s) URL: only letters"],
    ["a template", "https://a.example.com/{{ .x }}", "is not an http(s) URL: only letters"],
    ["a space", "https://a.example.com/a b", "is not an http(s) URL: only letters"],
    ["userinfo", "https://user:key@a.example.com/", "carries userinfo"],
    ["an api_key parameter", "https://a.example.com/?api_key=abc", 'has the query parameter "api_key"'],
    ["a token parameter", "https://a.example.com/?x=1&access_token=abc", 'has the query parameter "access_token"'],
    ["an S3 signature", "https://a.example.com/?X-Amz-Signature=abc", 'has the query parameter "X-Amz-Signature"'],
    ["a Markdown parenthesis", "https://a.example.com/x)", "is not an http(s) URL: only letters"],
    ["no host", "https:///x", "is not an http(s) URL"],
  ])("%s", (_name, value, expected) => {
    const why = urlProblem(value);
    if (expected === undefined) expect(why).toBeUndefined();
    else expect(why).toContain(expected);
  });

  it.each([
    ["a Grafana path", "/alerting/groups", undefined],
    ["a protocol-relative URL", "//evil.example.com", "protocol-relative"],
    ["a backslash path", "/\\evil.example.com", "only letters"],
  ])("with site paths allowed: %s", (_name, value, expected) => {
    const why = urlProblem(value, { sitePath: true });
    if (expected === undefined) expect(why).toBeUndefined();
    else expect(why).toContain(expected);
  });
});

describe("the RE2 sink: regexes compiled as Prometheus compiles them", () => {
  it.each([
    ["RE2 accepts case folding", "(?i)5..", true],
    ["RE2 accepts a class", "5[0-9]{2}", true],
    ["RE2 has no lookahead", "5(?!03)..", false],
    ["RE2 has no backreferences", "(5)\\1", false],
    ["an unbalanced group", "5(", false],
    ["a group that would escape the anchors", "5..)|(.*", false],
  ])("%s", (_name, re, ok) => {
    expect(re2Problem(re) === undefined).toBe(ok);
  });

  it("anchors as Prometheus does: a full match, not a substring", () => {
    const m = re2Matcher("5..");
    expect([m("500"), m("5000"), m("1500")]).toEqual([true, false, false]);
  });

  it("an escaped literal matches only itself", () => {
    const m = re2Matcher(re2Literal("a.b|c"));
    expect([m("a.b|c"), m("axb|c"), m("c")]).toEqual([true, false, false]);
  });
});

describe("the PromQL sink: business-panel expressions parsed with Prometheus' grammar", () => {
  it.each([
    ["a rate over Grafana's interval", "sum(rate(orders_total[$__rate_interval]))", true],
    ["a variable in a matcher", 'sum(orders_total{namespace="$namespace"})', true],
    ["a missing parenthesis", "sum(rate(orders_total[$__rate_interval])", false],
    ["a Go template", "{{ orders }}", false],
    ["a trailing operator", "orders_total /", false],
  ])("%s", (_name, expr, ok) => {
    expect(promqlProblem(expr) === undefined).toBe(ok);
  });
});

describe("the time zone sink: names Go's tzdata loads", () => {
  it.each([
    ["a canonical zone", "Europe/Berlin", true],
    ["UTC", "UTC", true],
    ["a typo", "Europe/Berln", false],
    ["wrong case (Go's lookup is case-sensitive)", "europe/berlin", false],
    ["a path", "../../etc/passwd", false],
  ])("%s", (_name, tz, ok) => {
    expect(timeZoneProblem(tz) === undefined).toBe(ok);
  });
});

describe("the text sink: printable one-line text, no templates, no link syntax, no credential", () => {
  it.each([
    ["plain text", "Orders accepted per minute; a drop means checkout is broken.", undefined],
    ["a Go template", "page {{ oncall }}", "Go template"],
    ["a closing delimiter", "a }} b", "Go template"],
    ["Slack link syntax", "<https://evil.example.com|runbook>", "link"],
    ["a backtick", "use `kubectl`", "link"],
    ["a newline", "a\nb", "control character"],
    ["a line separator", "a\u2028b", "control character"],
    ["a bidi override", "abc\u202edcb", "control character"],
    ["a lone surrogate", "a\ud800b", "well-formed"],
    ["too long", "x".repeat(1001), "at most 1000"],
    ["a Slack token", "token xoxb-1234567890-abcdefghij", "credential"],
    ["a password assignment", "password=hunter22", "credential"],
  ])("%s", (_name, value, expected) => {
    const why = textProblem(value);
    if (expected === undefined) expect(why).toBeUndefined();
    else expect(why).toContain(expected);
  });

  it("a GitHub token is a credential wherever it appears", () => {
    expect(credentialProblem(`see ghp_${"a".repeat(36)}`)).toContain("secret config");
  });
});

describe("Markdown link syntax in free text", () => {
  it("a Markdown link in a description is refused: Grafana and the runbooks would render it as a link", () => {
    expect(textProblem("see [the runbook](https://evil.example.com)")).toContain("Markdown link");
  });
});
