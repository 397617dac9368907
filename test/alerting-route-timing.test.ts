/** The drill's route timings come from the routing generator as data; they agree with the generated routing tree. */
import { describe, expect, it } from "vitest";
import { expectedRoute, routeTree, type AmRoute, type RouteTimingOf } from "../alerting";
import { generate } from "../generate";
import { parseStack } from "../config";
import { readStackFile } from "../render";
import { ROOT } from "./support/config";

/** Whether an Alertmanager matcher (`name="v"` or `name=~"re"`, as the tree writes them) matches the labels. */
function matches(m: string, labels: Readonly<Record<string, string>>): boolean {
  const parsed = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|=)(".*")$/.exec(m);
  if (parsed === null) throw new Error(`matcher ${m} is not one this test reads`);
  const [, name = "", op, quoted = '""'] = parsed;
  const value = JSON.parse(quoted) as string;
  const actual = labels[name] ?? "";
  return op === "=" ? actual === value : new RegExp(`^(?:${value})$`).test(actual);
}

/** Alertmanager's walk: the first matching child, depth first, each route inheriting what it leaves unset. */
function walk(route: AmRoute, labels: Readonly<Record<string, string>>, parent: RouteTimingOf): RouteTimingOf {
  const here: RouteTimingOf = {
    receiver: route.receiver ?? parent.receiver,
    groupWait: route.group_wait ?? parent.groupWait,
    groupInterval: route.group_interval ?? parent.groupInterval,
    repeatInterval: route.repeat_interval ?? parent.repeatInterval,
  };
  const child = (route.routes ?? []).find((r) => (r.matchers ?? []).every((m) => matches(m, labels)));
  return child === undefined ? here : walk(child, labels, here);
}

describe.each(["dev", "prod", "drill"])("on the %s stack, the route an alert takes", (name) => {
  const g = generate(parseStack(readStackFile(ROOT, name)));
  const a = g.stack.alerting;
  if (a === undefined) throw new Error(`stack ${name} routes no alerts`);
  const tree = routeTree(a);
  const root: RouteTimingOf = { receiver: "", groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" };

  it.each((g.routingTable ?? []).map((row) => [row.name, row.labels] as const))(
    "for %s has the receiver and timing expectedRoute says",
    (_row, labels) => {
      expect(expectedRoute(a, labels)).toEqual(walk(tree, labels, root));
    },
  );

  it("differs between a page and a ticket of the same team (the comparison can fail)", () => {
    const team = a.defaultTeam;
    const page = expectedRoute(a, { alertname: "X", team, severity: "page" });
    const ticket = walk(tree, { alertname: "X", team, severity: "ticket" }, root);
    expect(page).not.toEqual(ticket);
  });
});
