/**
 * The drill's scenarios. Each breaks the demo service (or the monitoring) on a fresh local stack
 * and records, as timeline rows, what the pipeline did and whether it did it in time. Deadlines
 * come from the rendered rules and routing (`for`, group_wait, group_interval), never from guesses,
 * except the seed's promise: a page within five minutes of the fault.
 */
import { MAX_LATENCY_MS } from "../../examples/orders-api";
import { naming, Severity } from "../../config";
import type { RouteTiming } from "../alertmanager-config";
import type { Notification } from "../sink";
import { alertmanagerAlerts, queryRange } from "./api";
import type { Drill } from "./context";
import { substituteVariables, dashboardQueries } from "./rules";
import { alertNames, checkRow, deadlineRow, durationMs, formatOffset, heartbeatGaps, notificationsFor } from "./timeline";

/** The seed's promise: a page within five minutes of the fault. */
export const PAGE_DEADLINE_MS = 5 * 60_000;

const MINUTE = 60_000;
/** Window of the golden-signal rates the threshold alerts read. */
const RATE_WINDOW_MS = 5 * MINUTE;

/** An alert's name, with its SLO tier when it has one. */
function alertLabel(a: { readonly labels: Readonly<Record<string, string>> }): string {
  const tier = a.labels[naming.slo.tierLabel];
  return `${a.labels.alertname ?? "?"}${tier ? `/${tier}` : ""}`;
}

export function pages(d: Drill, from: number, to = Date.now(), status = "firing"): Notification[] {
  return notificationsFor(d.stack.sink.notifications(), { service: d.service, severities: [Severity.page], status, from, to });
}

/** Waits for the first page after the fault and records arrival, receiver and labels. */
export async function expectPage(
  d: Drill,
  alertnames: readonly string[] | undefined,
  deadlineMs = PAGE_DEADLINE_MS,
): Promise<Notification | undefined> {
  const found = await d.waitFor(
    () => pages(d, d.faultAt).find((n) => alertnames === undefined || alertNames(n).some((a) => alertnames.includes(a))),
    d.faultAt + deadlineMs + 2 * MINUTE,
  );
  const n = found?.value;
  const names = n ? alertNames(n) : [];
  const want = d.receiversFor(names[0] ?? alertnames?.[0] ?? "", Severity.page);
  d.row(
    deadlineRow(
      `page notification arrives${alertnames ? ` (${alertnames.join(" or ")})` : ""}`,
      n ? d.since(n.at) : undefined,
      deadlineMs,
      n ? `${names.join(", ")} to ${n.receiver}` : "no page arrived",
      n !== undefined,
    ),
  );
  if (n) {
    d.row(
      checkRow(
        "page reaches the pager receiver",
        d.since(n.at),
        want.includes(n.receiver),
        `got ${n.receiver}, routing says ${want.join(", ")}`,
      ),
    );
    const a = n.alerts.find((x) => x.labels.service === d.service);
    const expected: Record<string, string> = {
      [naming.label.service]: d.service,
      [naming.label.team]: d.team,
      [naming.label.severity]: Severity.page,
      [naming.label.namespace]: d.namespace,
    };
    const wrong = Object.entries(expected).filter(([k, v]) => a?.labels[k] !== v);
    d.row(
      checkRow(
        "page carries the right labels",
        d.since(n.at),
        wrong.length === 0,
        wrong.length === 0
          ? Object.entries(expected)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ")
          : wrong.map(([k, v]) => `${k}: want ${v}, got ${a?.labels[k] ?? "none"}`).join("; "),
      ),
    );
  }
  return n;
}

/** The dashboard's error-ratio panel shows the spike; its alert annotation returns `alertname`. */
async function checkDashboard(d: Drill, alertname: string, errorThreshold: number): Promise<void> {
  const uid = naming.dashboardUid({ name: d.service });
  const model = d.stack.rendered.dashboards[uid];
  const now = Date.now();
  if (model === undefined) {
    d.row(checkRow("dashboard shows the error spike", d.since(now), false, `no rendered dashboard grafana/dashboards/${uid}.json`));
    return;
  }
  const scrape = d.stack.rendered.monitors.find((m) => m.name === d.service)?.endpoints[0]?.interval ?? d.stack.rendered.scrapeInterval;
  const step = durationMs(scrape) / 1000;
  // Grafana's $__rate_interval is at least four scrape intervals.
  const vars = {
    [naming.grafana.variable.namespace]: d.namespace,
    __rate_interval: `${4 * step}s`,
    __interval: `${step}s`,
    __range: `${Math.ceil((now - d.startedAt) / 1000)}s`,
  };
  const q = dashboardQueries(model, naming.record.errorRatio);
  const panel = q.panels[0];
  if (panel === undefined) {
    d.row(checkRow("dashboard shows the error spike", d.since(now), false, `dashboard ${uid} has no panel on ${naming.record.errorRatio}`));
  } else {
    const series = await queryRange(d.stack.urls.prometheus, substituteVariables(panel.expr, vars), d.startedAt, now, step);
    const values = series.flatMap((s) => s.values);
    const before = Math.max(0, ...values.filter(([t]) => t * 1000 < d.faultAt).map(([, v]) => v));
    const during = Math.max(0, ...values.filter(([t]) => t * 1000 >= d.faultAt).map(([, v]) => v));
    d.row(
      checkRow(
        `dashboard panel "${panel.title}" shows the error spike`,
        d.since(now),
        before <= errorThreshold && during > errorThreshold,
        `max ${(before * 100).toFixed(1)}% before the fault, ${(during * 100).toFixed(1)}% after (threshold ${errorThreshold * 100}%)`,
      ),
    );
  }
  const annotation = q.annotations.find((a) => a.expr.includes("ALERTS"));
  if (annotation === undefined) {
    d.row(
      checkRow("dashboard alert annotation returns the firing alert", d.since(now), false, `dashboard ${uid} has no annotation on ALERTS`),
    );
    return;
  }
  // At the scrape step, as Grafana would at this zoom: a coarser step can miss an alert that fired moments ago.
  const series = await queryRange(d.stack.urls.prometheus, substituteVariables(annotation.expr, vars), d.faultAt, now, step);
  const names = [...new Set(series.map((s) => s.metric.alertname ?? "?"))].sort();
  d.row(
    checkRow(
      `dashboard annotation "${annotation.name}" returns the firing alert`,
      d.since(now),
      names.includes(alertname),
      `returns ${names.join(", ") || "nothing"}`,
    ),
  );
}

/** Warnings and tickets of the service: none delivered during the incident; those Alertmanager holds are suppressed. */
async function checkHeldBack(d: Drill, from: number): Promise<void> {
  const delivered = notificationsFor(d.stack.sink.notifications(), {
    service: d.service,
    severities: [Severity.warning, Severity.ticket],
    status: "firing",
    from,
    to: Date.now(),
  });
  const held = (await alertmanagerAlerts(d.stack.urls.alertmanager)).filter(
    (a) => a.labels.service === d.service && ([Severity.warning, Severity.ticket] as readonly string[]).includes(a.labels.severity ?? ""),
  );
  const suppressed = held.filter((a) => a.state === "suppressed");
  d.row(
    checkRow(
      "inhibition holds warnings and tickets back",
      d.since(Date.now()),
      delivered.length === 0 && suppressed.length === held.length,
      `${delivered.length} delivered${delivered.length ? ` (${delivered.flatMap(alertNames).join(", ")})` : ""}; ${suppressed.length} of ${held.length} in Alertmanager suppressed${held.length ? ` (${held.map(alertLabel).join(", ")})` : ""}`,
    ),
  );
}

/** Exactly one page notification since `from`: one incident, one page. */
export function checkOnePage(d: Drill, from: number, event = "exactly one page notification for the incident"): void {
  const all = pages(d, from);
  d.row(
    checkRow(
      event,
      d.since(Date.now()),
      all.length === 1,
      `${all.length} page notification(s)${all.length ? `: ${all.map((n) => `${formatOffset(d.since(n.at))} ${alertNames(n).join("+")}`).join(", ")}` : ""}`,
    ),
  );
}

/**
 * The other services of the local stack call the demo service (storefront places its orders
 * there), so its fault is theirs: each must page within the same deadline, on its own alerts.
 */
async function expectDependentPages(d: Drill): Promise<void> {
  for (const service of d.stack.scraped.filter((s) => s !== d.service)) {
    const found = await d.waitFor(
      () =>
        notificationsFor(d.stack.sink.notifications(), {
          service,
          severities: [Severity.page],
          status: "firing",
          from: d.faultAt,
          to: Date.now(),
        })[0],
      d.faultAt + PAGE_DEADLINE_MS + 2 * MINUTE,
    );
    const n = found?.value;
    d.row(
      deadlineRow(
        `page for ${service} (it calls ${d.service}) arrives`,
        n ? d.since(n.at) : undefined,
        PAGE_DEADLINE_MS,
        n ? `${alertNames(n).join(", ")} to ${n.receiver}` : "no page arrived",
        n !== undefined,
      ),
    );
  }
}

/** The route the Watchdog takes to the heartbeat receiver. */
export function heartbeatRoute(d: Drill): RouteTiming | undefined {
  return d.stack.routes.find((r) => r.matchers.some((m) => m.includes(naming.alert.watchdog)));
}

/**
 * Watchdog notifications reached the heartbeat receiver all along, without a long silence.
 * `outageMs`: extra silence allowed because Alertmanager itself was down.
 */
export function checkHeartbeats(d: Drill, outageMs = 0): void {
  const route = heartbeatRoute(d);
  const every = route ? durationMs(route.repeatInterval) : 5 * MINUTE;
  // Alertmanager repeats only on a group_interval tick, so one beat may come a tick late.
  const allowed = 2 * every + d.evalMs + outageMs;
  const firstBeatAllowance = (route ? durationMs(route.groupWait) : 0) + 2 * d.evalMs + 30_000;
  const { count, maxGapMs } = heartbeatGaps(
    d.stack.sink.notifications(),
    naming.alert.watchdog,
    d.startedAt + firstBeatAllowance,
    Date.now(),
  );
  d.row(
    checkRow(
      "Watchdog heartbeats arrived all along",
      d.since(Date.now()),
      count > 0 && maxGapMs <= allowed,
      `${count} heartbeats to ${route?.receiver ?? "?"}, longest silence ${Math.round(maxGapMs / 1000)} s (allowed ${Math.round(allowed / 1000)} s${outageMs ? `, Alertmanager's outage included` : ""})`,
    ),
  );
}

/** The longest hold (keep_firing_for) of the service's page alerts, ms. */
function longestHold(d: Drill): number {
  return Math.max(0, ...d.pageRules().map((r) => r.holdMs));
}

/**
 * Undoes the fault, then waits for every page group to resolve (its 5m short window, the longest
 * window a firing page still needs, to clear) and checks that no new page follows.
 */
export async function recoverAndResolve(d: Drill, label: string, undo: () => Promise<void>): Promise<void> {
  const restoredAt = await d.recover(label, undo);
  // A page resolves once its 5m short window has cleared and its hold (keep_firing_for) has passed.
  await expectResolved(d, d.faultAt, restoredAt, 5 * MINUTE + longestHold(d));
  // A page alert of the service still firing or pending could page again: wait until none is, then
  // long enough for Alertmanager to have sent what it would (group_wait, a send, delivery).
  const quiet = await d.waitFor(
    () => d.active(Severity.page).then((a) => (a === false ? true : undefined)),
    Date.now() + 6 * MINUTE,
    2_000,
  );
  if (quiet === undefined) d.say("page alerts of the service still active 6 minutes after the resolved notification");
  await d.sleepUntil(Date.now() + durationMs(d.timing(Severity.page).groupWait) + d.evalMs + 5_000);
  const after = pages(d, restoredAt);
  d.row(
    checkRow(
      "no new page after the recovery",
      d.since(Date.now()),
      after.length === 0,
      after.length === 0
        ? "none"
        : after
            .map(
              (n) =>
                `${formatOffset(d.since(n.at))} ${n.alerts
                  .filter((a) => a.status === "firing")
                  .map(alertLabel)
                  .join("+")} firing`,
            )
            .join(", "),
    ),
  );
}

/** Waits for the resolved notification of every group that paged since `from`. */
export async function expectResolved(d: Drill, from: number, restoredAt: number, windowMs: number): Promise<void> {
  const groups = [...new Set(pages(d, from).map((n) => n.groupKey))];
  const interval = durationMs(d.timing(Severity.page).groupInterval);
  const deadlineMs = d.since(restoredAt) + windowMs + 2 * d.evalMs + interval + d.slackMs;
  const found = await d.waitFor(
    () => {
      const resolved = groups.map((g) =>
        d.stack.sink.notifications().find((n) => n.groupKey === g && n.status === "resolved" && n.at >= restoredAt),
      );
      return resolved.every((n) => n !== undefined) && resolved.length > 0 ? Math.max(...resolved.map((n) => n?.at ?? 0)) : undefined;
    },
    d.faultAt + deadlineMs + MINUTE,
  );
  const open = groups.filter(
    (g) => !d.stack.sink.notifications().some((n) => n.groupKey === g && n.status === "resolved" && n.at >= restoredAt),
  );
  const detail = found
    ? `${groups.length} page group(s) resolved`
    : `${open.length} of ${groups.length} page group(s) not resolved: ${open.map((g) => g.replace(/^.*:/, "")).join("; ")}`;
  d.row(deadlineRow("resolved notification arrives", found ? d.since(found.value) : undefined, deadlineMs, detail));
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  /** What it does and checks, for the report. */
  readonly description: string;
  /** The seed's plain threshold alert for this fault, whose timing the report shows beside the page's. */
  readonly thresholdAlert: string;
  run(d: Drill): Promise<void>;
}

const database: Scenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "database",
  title: "The database breaks",
  description:
    "Steady traffic, then the orders database connection breaks (every request that touches it fails with 503). The page must reach the pager receiver within five minutes with the right labels, once, and every service that calls orders-api (storefront, where the stack has it) must page within the same five minutes; warnings and tickets are held back by inhibition; the dashboard shows the spike and its annotation the alert. Then the database comes back and the page resolves. Watchdog heartbeats must arrive throughout.",
  async run(d) {
    await d.warmUp();
    const errorRule = d.rule(naming.alert.errorRatio);
    const t = errorRule.threshold ?? 0.01;
    d.fault("database broken");
    await d.post("/admin/database/break");
    const first = await expectPage(d, undefined);
    await expectDependentPages(d);
    // Hold the fault until the seed's threshold alert has fired and Alertmanager has had its
    // group_wait to notify it: only then does "one page, the rest held back" say something.
    // Its 5m ratio holds only the fault 5 minutes in, so it is above any threshold by then; then its for.
    const firesBy = RATE_WINDOW_MS + errorRule.forMs + 2 * d.evalMs + d.slackMs;
    const fired = await d.waitFor(() => d.firing(errorRule.alert).then((f) => (f ? true : undefined)), d.faultAt + firesBy, 2_000);
    d.row(
      deadlineRow(
        `${errorRule.alert} (the seed's threshold alert) fires in Prometheus`,
        fired ? d.since(fired.at) : undefined,
        firesBy,
        fired ? `above ${t * 100}% for ${formatOffset(errorRule.forMs).slice(1)}` : "did not fire",
      ),
    );
    const hold = (fired?.at ?? Date.now()) + durationMs(d.timing(Severity.page).groupWait) + 2 * d.evalMs + d.slackMs;
    d.say(`holding the fault until ${formatOffset(d.since(hold))} so that Alertmanager can notify or inhibit it`);
    await d.sleepUntil(hold);
    checkOnePage(d, d.faultAt);
    await checkHeldBack(d, d.faultAt);
    await checkDashboard(d, first ? (alertNames(first)[0] ?? "") : errorRule.alert, t);
    await recoverAndResolve(d, "database restored", () => d.post("/admin/database/restore"));
    checkHeartbeats(d);
  },
};

const latency: Scenario = {
  thresholdAlert: naming.alert.latency,
  name: "latency",
  title: "Latency regression",
  description:
    "Steady traffic, then every database call slows to twice the latency alert's threshold. The latency alert must fire (its `for` plus an evaluation and a scrape), and reach its receiver or be held back by a page of the same service. Then latency returns to normal and every page resolves.",
  async run(d) {
    await d.warmUp();
    const rule = d.rule(naming.alert.latency);
    const limit = rule.threshold ?? 0.5;
    const ms = Math.min(MAX_LATENCY_MS, Math.round(2 * limit * 1000));
    d.fault(`database slowed to ${ms} ms per call`);
    await d.post(`/admin/slow?ms=${ms}`);
    const deadline = rule.forMs + 2 * d.evalMs + d.slackMs;
    const fired = await d.waitFor(() => d.firing(rule.alert).then((f) => (f ? true : undefined)), d.faultAt + deadline + 2 * MINUTE, 5_000);
    d.row(
      deadlineRow(
        `${rule.alert} fires in Prometheus`,
        fired ? d.since(fired.at) : undefined,
        deadline,
        fired ? `for ${formatOffset(rule.forMs)} held` : "did not fire",
      ),
    );
    if (fired) {
      const severity = rule.labels[naming.label.severity] ?? "";
      const want = d.receiversFor(rule.alert, severity);
      const wait = durationMs(d.timing(severity).groupWait) + d.evalMs + d.slackMs;
      const outcome = await d.waitFor(async () => {
        const n = d.stack.sink
          .notifications()
          .find((x) => x.status === "firing" && x.at >= d.faultAt && alertNames(x).includes(rule.alert));
        if (n)
          return `delivered to ${n.receiver} at ${formatOffset(d.since(n.at))}${want.includes(n.receiver) ? "" : ` (routing says ${want.join(", ")})`}`;
        const held = (await alertmanagerAlerts(d.stack.urls.alertmanager)).find(
          (a) => a.labels.alertname === rule.alert && a.labels.service === d.service && a.state === "suppressed",
        );
        return held ? `held back by inhibition (a page of ${d.service} fires)` : undefined;
      }, fired.at + wait);
      d.row(
        checkRow(
          `${rule.alert} reaches ${want.join(", ")} or is held back by a page`,
          d.since(outcome?.at ?? Date.now()),
          outcome !== undefined && !outcome.value.includes("routing says"),
          outcome?.value ?? "neither delivered nor suppressed",
        ),
      );
    }
    await recoverAndResolve(d, "latency back to normal", () => d.post("/admin/slow/off"));
    checkHeartbeats(d);
  },
};

const targetDown: Scenario = {
  thresholdAlert: naming.alert.targetDown,
  name: "target-down",
  title: "The service's target goes down",
  description: `Steady traffic, then the service process stops, so Prometheus's scrapes fail. ${naming.alert.targetDown} must page (its \`for\` plus group_wait and a scrape); where the service has a probe, its blackbox probe fails too and ${naming.alert.probeFailed} must fire (its \`for\` and a probe) and be suppressed by ${naming.alert.targetDown}: one incident, one page. The alerts that follow from missing metrics must be suppressed by ${naming.alert.targetDown} too, and nothing else of the service notified. Then the service starts again and every page resolves.`,
  async run(d) {
    await d.warmUp();
    const rule = d.rule(naming.alert.targetDown);
    const probeRule = d.rules.find((r) => r.alert === naming.alert.probeFailed);
    d.fault("service stopped");
    await d.stack.stopService();
    const groupWaitMs = durationMs(d.timing(Severity.page).groupWait);
    const deadline = rule.forMs + groupWaitMs + 2 * d.evalMs + d.slackMs;
    await expectPage(d, [rule.alert], deadline);
    if (probeRule !== undefined) {
      // The probe fails with the process: its alert fires (the drill shows it) and the target's inhibition holds it back.
      const probe = d.stack.rendered.probes.find((p) => p.labels[naming.label.service] === d.service);
      const probeMs = durationMs(probe?.interval ?? d.stack.rendered.scrapeInterval);
      const fired = await d.waitFor(
        () => d.firing(probeRule.alert).then((f) => (f ? true : undefined)),
        d.faultAt + probeRule.forMs + probeMs + 2 * d.evalMs + d.slackMs,
        2_000,
      );
      d.row(
        checkRow(
          `${probeRule.alert} fires: the probe fails from outside`,
          d.since(fired?.at ?? Date.now()),
          fired !== undefined,
          fired ? "firing in Prometheus" : "not firing",
        ),
      );
    }
    // The other alerts that missing metrics raise (and the probe's): wait until they have had time to fire.
    const others = d.rules.filter(
      (r) =>
        r.alert !== naming.alert.targetDown &&
        r.alert !== naming.alert.targetAbsent &&
        (r.expr.includes("absent(") || r.alert === naming.alert.probeFailed),
    );
    const longest = Math.max(0, ...others.map((r) => r.forMs));
    const until = d.faultAt + longest + 2 * d.evalMs + d.slackMs;
    d.say(
      `waiting until ${formatOffset(until - d.faultAt)} for ${[...new Set(others.map((r) => r.alert))].join(", ") || "other alerts"} to fire`,
    );
    await d.waitFor(
      async () => ((await Promise.all(others.map((r) => d.firing(r.alert)))).every(Boolean) ? true : undefined),
      until,
      10_000,
    );
    const held = (await alertmanagerAlerts(d.stack.urls.alertmanager)).filter(
      (a) => a.labels.service === d.service && a.labels.alertname !== rule.alert && a.state !== "resolved",
    );
    const suppressed = held.filter((a) => a.state === "suppressed");
    const notified = d.stack.sink
      .notifications()
      .filter(
        (n) =>
          n.at >= d.faultAt &&
          n.status === "firing" &&
          n.alerts.some((a) => a.labels.service === d.service && a.labels.alertname !== rule.alert),
      );
    d.row(
      checkRow(
        `${rule.alert} suppresses the service's other alerts`,
        d.since(Date.now()),
        held.length > 0 && suppressed.length === held.length && notified.length === 0,
        `${suppressed.length} of ${held.length} other alerts in Alertmanager suppressed (${held.map((a) => `${alertLabel(a)}: ${a.state}`).join(", ") || "none fired"}); ${notified.length} other notifications`,
      ),
    );
    checkOnePage(d, d.faultAt);
    await recoverAndResolve(d, "service started again", () => d.stack.startService());
    checkHeartbeats(d);
  },
};

const prometheusRestart: Scenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "prometheus-restart",
  title: "Prometheus restarts during an incident",
  description:
    "The database breaks; once the page has arrived, Prometheus is restarted (same data). The alert must still be firing after the restart, and no second page sent for it over the next group_interval. Then the database comes back and the page resolves.",
  async run(d) {
    await d.warmUp();
    d.fault("database broken");
    await d.post("/admin/database/break");
    const page = await expectPage(d, undefined);
    const alertname = page ? (alertNames(page)[0] ?? "") : "";
    const stoppedAt = Date.now();
    const oldPid = d.stack.prometheus().pid;
    d.mark("Prometheus restart", stoppedAt);
    d.say("restarting Prometheus");
    await d.stack.restartPrometheus();
    const readyAt = Date.now();
    d.row(
      checkRow(
        "Prometheus restarted and ready",
        d.since(readyAt),
        true,
        `stopped and ready again in ${((readyAt - stoppedAt) / 1000).toFixed(1)} s (pid ${oldPid} → ${d.stack.prometheus().pid})`,
      ),
    );
    const deadlineMs = d.since(readyAt) + 2 * d.evalMs + d.slackMs;
    const still = await d.waitFor(
      () => d.firing(alertname, "", readyAt).then((f) => (f ? true : undefined)),
      d.faultAt + deadlineMs + MINUTE,
    );
    d.row(
      deadlineRow(
        `${alertname || "page alert"} still firing after the restart`,
        still ? d.since(still.at) : undefined,
        deadlineMs,
        still ? "evaluated firing by the new process" : "not firing after the restart",
      ),
    );
    const watchUntil = readyAt + durationMs(d.timing(Severity.page).groupInterval) + d.slackMs;
    d.say(`watching for a second page until ${formatOffset(d.since(watchUntil))}`);
    await d.sleepUntil(watchUntil);
    const again = page
      ? d.stack.sink.notifications().filter((n) => n.groupKey === page.groupKey && n.status === "firing" && n.at > page.at)
      : [];
    d.row(
      checkRow(
        "no second page for the alert after the restart",
        d.since(Date.now()),
        page !== undefined && again.length === 0,
        `${again.length} more firing notification(s) for its group`,
      ),
    );
    await recoverAndResolve(d, "database restored", () => d.post("/admin/database/restore"));
    checkHeartbeats(d);
  },
};

const alertmanagerRestart: Scenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "alertmanager-restart",
  title: "Alertmanager restarts during an incident",
  description:
    "The database breaks; as soon as Prometheus fires the page alert, Alertmanager is stopped (before its group_wait ends, so the page is not out yet) and started again 15 s later. Prometheus must re-send the alert, Alertmanager deliver the page within five minutes of the fault, and exactly once. Then the database comes back and the page resolves.",
  async run(d) {
    await d.warmUp();
    d.fault("database broken");
    await d.post("/admin/database/break");
    const names = [...new Set(d.pageRules().map((r) => r.alert))];
    const fired = await d.waitFor(
      async () => {
        for (const n of names) if (await d.firing(n, `,${naming.label.severity}="${Severity.page}"`)) return n;
        return undefined;
      },
      d.faultAt + PAGE_DEADLINE_MS,
      1_000,
    );
    d.row(deadlineRow("page alert fires in Prometheus", fired ? d.since(fired.at) : undefined, PAGE_DEADLINE_MS, fired?.value ?? ""));
    const before = pages(d, d.faultAt).length;
    const stoppedAt = Date.now();
    d.mark("Alertmanager stopped", stoppedAt);
    await d.stack.stopAlertmanager();
    d.row(
      checkRow(
        "Alertmanager stopped",
        d.since(Date.now()),
        true,
        before === 0 ? "before the page went out" : "after the page went out (too late to test a lost page)",
      ),
    );
    await d.sleepUntil(Date.now() + 15_000);
    await d.stack.startAlertmanager();
    const upAt = Date.now();
    d.mark("Alertmanager started", upAt);
    // Prometheus re-sends firing alerts every minute (its --rules.alert.resend-delay default).
    const resendMs = d.since(upAt) + MINUTE + d.evalMs + 30_000;
    const resent = await d.waitFor(
      async () =>
        (await alertmanagerAlerts(d.stack.urls.alertmanager).catch(() => [])).some(
          (a) => a.labels.alertname === fired?.value && a.labels.service === d.service,
        )
          ? true
          : undefined,
      d.faultAt + resendMs + MINUTE,
    );
    d.row(deadlineRow("firing alert re-sent to the restarted Alertmanager", resent ? d.since(resent.at) : undefined, resendMs));
    const page = await expectPage(d, undefined);
    if (page) {
      await d.sleepUntil(Math.max(page.at, upAt) + durationMs(d.timing(Severity.page).groupInterval) + d.slackMs);
    }
    // The alert that was in flight when Alertmanager stopped: its group must page exactly once.
    const group = page?.groupKey;
    const sent = group === undefined ? [] : pages(d, d.faultAt).filter((n) => n.groupKey === group);
    d.row(
      checkRow(
        `exactly one page for ${fired?.value ?? "the alert"}: none lost, none doubled`,
        d.since(Date.now()),
        sent.length === 1,
        `${sent.length} page notification(s) for its group${sent.length ? ` at ${sent.map((n) => formatOffset(d.since(n.at))).join(", ")}` : ""}`,
      ),
    );
    // Until Prometheus re-sends the page, Alertmanager lacks the alert that inhibits the threshold alerts.
    checkOnePage(d, d.faultAt, "exactly one page notification for the incident after the restart");
    await recoverAndResolve(d, "database restored", () => d.post("/admin/database/restore"));
    // While Alertmanager is down nothing beats; after it, the Watchdog waits for Prometheus's re-send and its group_wait.
    const beat = heartbeatRoute(d);
    checkHeartbeats(d, upAt - stoppedAt + MINUTE + (beat ? durationMs(beat.groupWait) : 0));
  },
};

/** Bursts of the flapping scenario: the database breaks for 2 minutes, comes back for 30 s, and breaks again. */
const FLAP_ON_MS = 2 * MINUTE;
const FLAP_OFF_MS = 30_000;
const FLAP_BURSTS = 2;

const flapping: Scenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "flapping",
  title: "A flapping incident",
  description: `Steady traffic, then the orders database breaks ${FLAP_BURSTS} times for ${FLAP_ON_MS / MINUTE} minutes, coming back for ${FLAP_OFF_MS / 1000} s in between: one incident. The pager receiver must get exactly one page notification and, after the last recovery, exactly one resolved notification (the page tiers' hold keeps the page up through the gaps); Watchdog heartbeats must arrive throughout.`,
  async run(d) {
    await d.warmUp();
    d.fault(`database flapping: ${FLAP_BURSTS} bursts of ${FLAP_ON_MS / 1000} s, ${FLAP_OFF_MS / 1000} s apart`);
    const bursts = (async (): Promise<void> => {
      for (let i = 0; i < FLAP_BURSTS; i++) {
        if (i > 0) {
          d.mark("database back between bursts", Date.now());
          await d.post("/admin/database/restore");
          await d.sleepUntil(Date.now() + FLAP_OFF_MS);
          d.mark("database broken again", Date.now());
        }
        await d.post("/admin/database/break");
        await d.sleepUntil(Date.now() + FLAP_ON_MS);
      }
    })();
    await expectPage(d, undefined);
    await bursts;
    const restoredAt = await d.recover("database restored after the last burst", () => d.post("/admin/database/restore"));
    await expectResolved(d, d.faultAt, restoredAt, 5 * MINUTE + longestHold(d));
    // Whatever Alertmanager would still send: a group_interval and delivery after every page alert is gone.
    await d.waitFor(() => d.active(Severity.page).then((a) => (a === false ? true : undefined)), Date.now() + 6 * MINUTE, 2_000);
    await d.sleepUntil(Date.now() + durationMs(d.timing(Severity.page).groupInterval) + d.slackMs);
    checkOnePage(d, d.faultAt, "exactly one page notification for the flapping incident");
    const resolved = pages(d, d.faultAt, Date.now(), "resolved");
    d.row(
      checkRow(
        "exactly one resolved notification for it",
        d.since(Date.now()),
        resolved.length === 1,
        `${resolved.length} resolved notification(s)${resolved.length ? ` at ${resolved.map((n) => formatOffset(d.since(n.at))).join(", ")}` : ""}`,
      ),
    );
    checkHeartbeats(d);
  },
};

/** Every scenario, by name, in the order `all` runs them. */
export const SCENARIOS: readonly Scenario[] = [database, latency, targetDown, prometheusRestart, alertmanagerRestart, flapping];
