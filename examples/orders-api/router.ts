/**
 * A minimal router: routes are (method, path template) pairs such as `GET /orders/:id`. Matching
 * returns the template, which is what the `path` label records, so raw URLs never become series.
 */

export type Params = Readonly<Record<string, string>>;

export interface Route<H> {
  readonly method: string;
  /** Path template, e.g. `/orders/:id`; `:name` segments match one non-empty segment. */
  readonly path: string;
  readonly handler: H;
}

export type Match<H> =
  | { readonly kind: "found"; readonly route: Route<H>; readonly params: Params }
  /** The path is known but not for this method. */
  | { readonly kind: "method-not-allowed"; readonly path: string; readonly allow: readonly string[] }
  | { readonly kind: "not-found" };

/** Splits a path into its segments, ignoring one trailing slash. */
function segments(path: string): string[] {
  return path.replace(/\/$/, "").split("/").slice(1);
}

/** A percent-decoded segment, or undefined when its escapes are malformed. */
function decodeSegment(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function matchTemplate(template: string, path: string): Params | undefined {
  const want = segments(template);
  const got = segments(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] ?? "";
    if (part.startsWith(":")) {
      const decoded = decodeSegment(value);
      if (decoded === undefined || decoded === "") return undefined;
      params[part.slice(1)] = decoded;
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}

export function matchRoute<H>(routes: readonly Route<H>[], method: string, path: string): Match<H> {
  const allow: string[] = [];
  let template: string | undefined;
  for (const route of routes) {
    const params = matchTemplate(route.path, path);
    if (params === undefined) continue;
    if (route.method === method) return { kind: "found", route, params };
    allow.push(route.method);
    template ??= route.path;
  }
  return template === undefined ? { kind: "not-found" } : { kind: "method-not-allowed", path: template, allow };
}
