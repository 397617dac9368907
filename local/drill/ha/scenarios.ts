/**
 * The HA drill's scenarios, each on its own production-shaped local stack: an Alertmanager member
 * lost while a page is pending, members that cannot gossip, a Prometheus replica lost during an
 * incident, the remote-write store down for ten minutes, the global view against one replica, and
 * vmalert as the rule engine. Deadlines come from the rendered rules and routing and from
 * Alertmanager's and Prometheus's documented timings, never from guesses.
 */
import { naming, Severity } from "../../../config";
import { REMOTE_WRITE_LAGGING } from "../../../rules/platform";
import { Gossip, RuleEngine, type HaStackOptions } from "../../ha";
import { alertmanagerAlerts, query, queryRange, type Sample } from "../api";
import { compareSeries, compareWithReplicas, seriesKey } from "./compare";
import { dashboardQueries, expectedReceivers, substituteVariables } from "../rules";
import { checkHeartbeats, checkOnePage, expectPage, expectResolved, pages, PAGE_DEADLINE_MS, recoverAndResolve } from "../scenarios";
import { alertNames, checkRow, deadlineRow, durationMs, formatOffset } from "../timeline";
import type { HaDrill, PanelFigure } from "./context";

const MINUTE = 60_000;
/** Alertmanager's --cluster.peer-timeout default: member n of the cluster waits n times this before it notifies. */
const PEER_TIMEOUT_MS = 15_000;
/** How long the store stays down: the issue's ten minutes of steady traffic. */
export const OUTAGE_MS = 10 * MINUTE;
/** VictoriaMetrics' -search.latencyOffset default: newer samples are not yet visible to queries. */
const STORE_LATENCY_MS = 30_000;
/** Relative difference two engines' values may have and still count as the same series. */
const SAME_WITHIN = 0.01;

export interface HaScenario {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The seed's threshold alert for the scenario's fault, shown beside the page in the figures. */
  readonly thresholdAlert: string;
  /** How its stack differs from the production shape. */
  readonly stack?: Pick<HaStackOptions, "gossip" | "ruleEngine">;
  run(d: HaDrill): Promise<void>;
}

/** Resolved notifications of the first page's group, after `from`. */
function resolvedCount(d: HaDrill, from: number): number {
  const group = pages(d, d.faultAt)[0]?.groupKey;
  return d.stack.sink.notifications().filter((n) => n.status === "resolved" && n.at >= from && n.groupKey === group).length;
}

/** Long enough after the first page for every member of the cluster to have sent what it would. */
function allMembersHadTheirTurn(d: HaDrill): number {
  return durationMs(d.timing(Severity.page).groupWait) + d.ha.ha.alertmanager.length * PEER_TIMEOUT_MS + d.slackMs;
}

const memberLoss: HaScenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "alertmanager-member-loss",
  title: "An Alertmanager member dies while a page is pending",
  description:
    "The database breaks; as soon as Prometheus fires the page alert (inside the route's group_wait, so no page is out yet), the member that would notify first (position 0 of the cluster) is killed. The next member must send the page after its peer timeout, within five minutes of the fault, and exactly one page and one resolved notification reach the pager receiver; the member comes back before the recovery; the heartbeat continues.",
  async run(d) {
    await d.warmUp();
    // Known before the fault, so the kill lands inside group_wait.
    const victim = (await d.firstNotifier()) ?? 0;
    const victimUrl = d.ha.ha.alertmanager[victim] ?? "";
    d.fault("database broken");
    await d.post("/admin/database/break");
    const arrived = await d.waitFor(
      async () =>
        (await alertmanagerAlerts(victimUrl).catch(() => [])).some(
          (a) => a.labels[naming.label.service] === d.service && a.labels[naming.label.severity] === Severity.page,
        )
          ? true
          : undefined,
      d.faultAt + PAGE_DEADLINE_MS,
      500,
    );
    const before = pages(d, d.faultAt).length;
    const killedAt = Date.now();
    d.mark(`Alertmanager ${victim} killed`, killedAt);
    await d.ha.alertmanagerMember(victim).stop(0);
    d.row(
      deadlineRow(
        `page alert reaches Alertmanager ${victim} (the first to notify), which is killed at once`,
        arrived ? d.since(killedAt) : undefined,
        PAGE_DEADLINE_MS,
        before === 0 ? "killed before the page went out" : "killed after the page went out (too late to test a lost page)",
        before === 0,
      ),
    );
    const page = await expectPage(d, undefined);
    await d.sleepUntil((page?.at ?? Date.now()) + allMembersHadTheirTurn(d));
    checkOnePage(d, d.faultAt);
    await d.ha.startAlertmanagerMember(victim);
    d.mark(`Alertmanager ${victim} back`);
    const sizes = await d.waitFor(async () => {
      const s = await d.ha.clusterSizes();
      return s.every((n) => n === s.length) ? s : undefined;
    }, Date.now() + MINUTE);
    d.row(
      checkRow(
        "the member rejoins the cluster",
        d.since(Date.now()),
        sizes !== undefined,
        `cluster sizes seen by the members: ${(sizes?.value ?? (await d.ha.clusterSizes())).join(", ")}`,
      ),
    );
    await recoverAndResolve(d, "database restored", () => d.post("/admin/database/restore"));
    const resolved = resolvedCount(d, d.recoveredAt);
    d.row(
      checkRow(
        "exactly one resolved notification",
        d.since(Date.now()),
        resolved === 1,
        `${resolved} resolved notification(s) for the page's group`,
      ),
    );
    checkHeartbeats(d, PEER_TIMEOUT_MS);
  },
};

const split: HaScenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "alertmanager-split",
  title: "Alertmanager members that cannot gossip",
  description:
    "The three members start with only a seed address as their peer, and nothing listens there: each is a cluster of one. The database breaks: every member gets the alert from both Prometheus replicas and, knowing of no other, notifies. Alertmanager's documented behaviour is duplicates rather than loss: the drill counts the duplicate pages and checks that none is lost. Then the seed starts, the members find each other through it, the database comes back and the page resolves.",
  stack: { gossip: Gossip.split },
  async run(d) {
    await d.warmUp();
    const apart = await d.ha.clusterSizes();
    d.row(
      checkRow(
        "members cannot gossip",
        d.since(Date.now()),
        apart.every((n) => n === 1),
        `cluster sizes: ${apart.join(", ")}`,
      ),
    );
    d.fault("database broken");
    await d.post("/admin/database/break");
    const page = await expectPage(d, undefined);
    await d.sleepUntil((page?.at ?? Date.now()) + allMembersHadTheirTurn(d));
    const all = page ? pages(d, d.faultAt).filter((n) => n.groupKey === page.groupKey) : [];
    d.row(
      checkRow(
        "no lost page; duplicates counted",
        d.since(Date.now()),
        all.length >= 1,
        `${all.length} page notification(s) for the group (${Math.max(0, all.length - 1)} duplicate(s): each member alone sends the group's first notification and each update) at ${all.map((n) => formatOffset(d.since(n.at))).join(", ")}`,
      ),
    );
    const healAt = Date.now();
    d.mark("gossip seed started", healAt);
    await d.ha.healGossip();
    const joined = await d.waitFor(
      async () => {
        const s = await d.ha.clusterSizes();
        return s.every((n) => n !== undefined && n >= s.length) ? s : undefined;
      },
      Date.now() + 2 * MINUTE,
    );
    d.row(
      deadlineRow(
        "members join one cluster through the seed",
        joined ? d.since(joined.at) : undefined,
        d.since(healAt) + 2 * MINUTE,
        `cluster sizes: ${(joined?.value ?? (await d.ha.clusterSizes())).join(", ")} (the seed included)`,
      ),
    );
    await recoverAndResolve(d, "database restored", () => d.post("/admin/database/restore"));
    const resolved = resolvedCount(d, d.recoveredAt);
    d.row(
      checkRow(
        "resolved notification after the cluster healed",
        d.since(Date.now()),
        resolved >= 1,
        `${resolved} resolved notification(s)`,
      ),
    );
    checkHeartbeats(d);
  },
};

const replicaLoss: HaScenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "prometheus-replica-loss",
  title: "A Prometheus replica dies during an incident",
  description:
    "The database breaks and at once Prometheus replica 1 is killed: replica 0 alone must bring the page within five minutes, once. Once the page is out, replica 1 starts again (same data), evaluates the same alert and sends it too; Alertmanager must see the same alert (the replica label is dropped from alerts) and send no second page over the next group_interval. Then the database comes back and the page resolves.",
  async run(d) {
    await d.warmUp();
    d.fault("database broken; Prometheus replica 1 killed");
    await d.post("/admin/database/break");
    await d.ha.prometheusReplica(1).stop(0);
    const page = await expectPage(d, undefined);
    await d.sleepUntil((page?.at ?? Date.now()) + allMembersHadTheirTurn(d));
    checkOnePage(d, d.faultAt);
    const backAt = Date.now();
    await d.ha.startPrometheusReplica(1);
    d.mark("replica 1 back", backAt);
    const name = page ? (alertNames(page)[0] ?? "") : "";
    const url = d.ha.ha.prometheus[1] ?? "";
    const evaluated = await d.waitFor(
      async () =>
        (await query(url, `ALERTS{alertstate="firing",alertname="${name}",${naming.label.service}="${d.service}"}`).catch(() => []))
          .length > 0
          ? true
          : undefined,
      Date.now() + 3 * MINUTE,
    );
    d.row(
      checkRow(
        "replica 1 back and firing the same alert",
        d.since(evaluated?.at ?? Date.now()),
        evaluated !== undefined,
        evaluated
          ? `ready and firing ${name} ${((evaluated.at - backAt) / 1000).toFixed(0)} s after its start`
          : `${name} not firing on replica 1`,
      ),
    );
    await d.sleepUntil(Date.now() + MINUTE + durationMs(d.timing(Severity.page).groupInterval) + d.slackMs);
    checkOnePage(d, d.faultAt, "no second page after the replica returned");
    await recoverAndResolve(d, "database restored", () => d.post("/admin/database/restore"));
    checkHeartbeats(d);
  },
};

/** Labels the store adds to every series (external labels); the replica label it drops. */
function storeOnlyLabels(d: HaDrill): Set<string> {
  return new Set([...Object.keys(d.stack.rendered.externalLabels), "prometheus", d.ha.shape.replicaLabel]);
}

/** Raw samples per series of the service between `from` and `to` (ms), keyed without the store's own labels. */
async function rawCounts(d: HaDrill, url: string, from: number, to: number): Promise<Map<string, number>> {
  const seconds = Math.floor((to - from) / 1000);
  const res = await query(url, `{${d.selector}}[${seconds}s]`, to);
  const ignore = storeOnlyLabels(d);
  return new Map(res.map((s) => [seriesKey(s.metric, ignore), s.values.length]));
}

const outage: HaScenario = {
  thresholdAlert: naming.alert.remoteWriteLagging,
  name: "remote-write-outage",
  title: "The remote-write store is down for ten minutes",
  description: `Steady traffic, then VictoriaMetrics stops for ten minutes and starts again. While it is down, ${naming.alert.remoteWriteLagging} (generated with the platform rules: ${REMOTE_WRITE_LAGGING.lagSeconds}s behind for ${REMOTE_WRITE_LAGGING.for}) must fire and reach its receiver; afterwards every replica's backlog must drain, and the store must hold the same samples of the service's series over the outage as each replica (none lost, none doubled after deduplication); then the alert resolves.`,
  async run(d) {
    await d.warmUp();
    // amtool before the fault: it blocks this process while it runs (see HaDrill.warmUp).
    const file = d.stack.rendered.alertmanager?.path;
    const want = file
      ? expectedReceivers(file, {
          alertname: naming.alert.remoteWriteLagging,
          [naming.label.severity]: Severity.warning,
          [naming.label.team]: naming.PLATFORM_TEAM,
        })
      : ["default"];
    d.fault("VictoriaMetrics stopped");
    await d.ha.stopStore();
    const prom = d.stack.urls.prometheus;
    const alertExpr = `ALERTS{alertstate="firing",alertname="${naming.alert.remoteWriteLagging}"}`;
    const firesBy = REMOTE_WRITE_LAGGING.lagSeconds * 1000 + durationMs(REMOTE_WRITE_LAGGING.for) + 2 * d.evalMs + d.slackMs;
    const fired = await d.waitFor(
      async () => ((await query(prom, alertExpr).catch(() => [])).length > 0 ? true : undefined),
      d.faultAt + Math.min(firesBy, OUTAGE_MS),
      5_000,
    );
    d.measures.remoteWriteAlertMs = fired ? d.since(fired.at) : undefined;
    d.row(
      deadlineRow(
        `${naming.alert.remoteWriteLagging} fires while the store is down`,
        fired ? d.since(fired.at) : undefined,
        firesBy,
        fired ? `from the generated platform rules, on replica 0` : "did not fire",
      ),
    );
    const groupWait = Math.max(0, ...d.stack.routes.map((r) => durationMs(r.groupWait)));
    const notified = await d.waitFor(
      () =>
        d.stack.sink
          .notifications()
          .find((n) => n.status === "firing" && n.at >= d.faultAt && alertNames(n).includes(naming.alert.remoteWriteLagging)),
      (fired?.at ?? Date.now()) + groupWait + d.slackMs + 2 * PEER_TIMEOUT_MS,
    );
    d.row(
      checkRow(
        `${naming.alert.remoteWriteLagging} reaches ${want.join(", ")}`,
        d.since(notified?.at ?? Date.now()),
        notified !== undefined && want.includes(notified.value.receiver),
        notified ? `to ${notified.value.receiver} at ${formatOffset(d.since(notified.value.at))}` : "no notification",
      ),
    );
    await d.sleepUntil(d.faultAt + OUTAGE_MS);
    const worstDuring = await d.remoteWriteLag();
    const back = await d.recover("VictoriaMetrics started", () => d.ha.startStore());
    const deadline = (d.ha.shape.remoteWrite[0]?.queueConfig.batchSendDeadline as string | undefined) ?? "5s";
    const drainedBelow = (2 * durationMs(deadline) + d.scrapeMs) / 1000;
    const drained = await d.waitFor(
      async () => {
        const lags = await d.remoteWriteLag();
        return lags.every((l) => l !== undefined && l <= drainedBelow) ? lags : undefined;
      },
      back + 10 * MINUTE,
      2_000,
    );
    d.measures.drainedMs = drained ? drained.at - back : undefined;
    d.row(
      checkRow(
        "every replica's backlog drains",
        d.since(drained?.at ?? Date.now()),
        drained !== undefined,
        drained
          ? `${((drained.at - back) / 1000).toFixed(0)} s after the store came back: lag ${worstDuring.map((l) => `${l?.toFixed(0) ?? "?"} s`).join(" and ")} → ${drained.value.map((l) => `${l?.toFixed(0) ?? "?"} s`).join(" and ")} (≤ ${drainedBelow} s counts as drained)`
          : `still behind 10 minutes later: ${(await d.remoteWriteLag()).join(", ")} s`,
      ),
    );
    // The compared range: the outage with a minute either side, read once the store shows it all.
    const from = d.faultAt - MINUTE;
    const to = back + MINUTE;
    await d.sleepUntil(to + STORE_LATENCY_MS + 2 * d.scrapeMs);
    const store = await rawCounts(d, d.ha.ha.victoria, from, to).catch(() => new Map<string, number>());
    const replicas = await Promise.all(d.ha.ha.prometheus.map((u) => rawCounts(d, u, from, to).catch(() => new Map<string, number>())));
    const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    d.measures.samples = { store: sum(store), replicas: replicas.map(sum), series: store.size, rangeS: Math.round((to - from) / 1000) };
    // Each replica scrapes at its own offset, so a range edge can hold one sample more or less of a series.
    const off = replicas.flatMap((r, i) =>
      [...r]
        .filter(([k, n]) => Math.abs((store.get(k) ?? 0) - n) > 1)
        .map(([k, n]) => `replica ${i} ${k}: ${n}, store ${store.get(k) ?? 0}`),
    );
    d.row(
      checkRow(
        "store holds each replica's samples over the outage (none lost, none doubled)",
        d.since(Date.now()),
        store.size > 0 && off.length === 0 && replicas.every((r) => r.size === store.size),
        `${sum(store)} samples in ${store.size} series in the store; ${replicas.map((r, i) => `replica ${i}: ${sum(r)} in ${r.size}`).join(", ")} over ${Math.round((to - from) / 1000)} s${off.length ? `; off by more than one: ${off.slice(0, 3).join("; ")}` : ""}`,
      ),
    );
    const resolved = await d.waitFor(
      () =>
        d.stack.sink
          .notifications()
          .find((n) => n.status === "resolved" && n.at >= back && alertNames(n).includes(naming.alert.remoteWriteLagging)),
      Date.now() + 3 * MINUTE,
    );
    d.row(
      checkRow(
        `${naming.alert.remoteWriteLagging} resolves`,
        d.since(resolved?.at ?? Date.now()),
        resolved !== undefined,
        resolved
          ? `resolved notification to ${resolved.value.receiver} ${((resolved.value.at - back) / 1000).toFixed(0)} s after the store came back`
          : "no resolved notification",
      ),
    );
    checkHeartbeats(d);
  },
};

/** How long the compared range starts after the stack: every recorded 5m window then covers only time both replicas scraped. */
const WINDOWS_FULL_MS = 5 * MINUTE + 30_000;
/**
 * The shortest compared range. VictoriaMetrics finds how long a sample stays visible from the interval
 * between the series' samples it reads (the range and the five minutes before it; "-search.maxStalenessInterval:
 * by default automatically calculated from the median interval between samples"); a series recorded every
 * 5m (the SLO counts and the error budget) needs two samples there, which a range of five minutes guarantees.
 */
const COMPARED_MS = 5 * MINUTE;
/** The short break in the warm-up that gives the service its error series before the compared range. */
const FIRST_ERRORS_MS = 15_000;

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

const globalQuery: HaScenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "global-query",
  title: "Dashboards read the same from the global store as from Prometheus",
  description:
    "Steady traffic with a 15-second database break in the warm-up (so the service's error series exist, as a running service's do), then, once every 5-minute window covers time both replicas scraped, five minutes compared: half a minute steady, two minutes of a broken database and the recovery, so the series move. Every panel query of the service's dashboard is run over that range against VictoriaMetrics (both replicas, deduplicated) and against both Prometheus replicas: every series and point of the store must be there, each within 1% of the replica whose sample the store kept; panels that rate() raw counters are read on Prometheus one scrape interval wider (MetricsQL's rate starts at the sample before its window and does not extrapolate). The same query text against replica 0 is measured and reported.",
  async run(d) {
    await d.warmUp();
    d.mark("database broken for 15 s (the service's error series start)");
    await d.post("/admin/database/break");
    await d.sleepUntil(Date.now() + FIRST_ERRORS_MS);
    await d.post("/admin/database/restore");
    d.mark("database restored");
    await d.sleepUntil(d.startedAt + WINDOWS_FULL_MS);
    const stepMs = d.scrapeMs;
    const step = stepMs / 1000;
    // On multiples of the step: VictoriaMetrics aligns a range query's points to them, Prometheus to the start.
    const start = Math.ceil(Date.now() / stepMs) * stepMs;
    await d.sleepUntil(start + 30_000);
    d.fault("database broken");
    await d.post("/admin/database/break");
    await d.sleepUntil(d.faultAt + 2 * MINUTE);
    await d.recover("database restored", () => d.post("/admin/database/restore"));
    // The end where the store shows every sample: 30 s after its scrape (-search.latencyOffset), plus the
    // remote-write batch deadline; and at least COMPARED_MS after the start.
    await d.sleepUntil(Math.max(d.recoveredAt + 2 * MINUTE, start + COMPARED_MS + STORE_LATENCY_MS + 2 * d.scrapeMs + stepMs));
    const end = Math.floor((Date.now() - STORE_LATENCY_MS - 2 * d.scrapeMs) / stepMs) * stepMs;
    const model = d.stack.rendered.dashboards[naming.dashboardUid({ name: d.service })];
    const q = dashboardQueries(model, "");
    const base = { [naming.grafana.variable.namespace]: d.namespace, __interval: `${step}s`, __range: "5m" };
    // Grafana's $__rate_interval for this step and scrape interval: four scrape intervals.
    const storeVars = { ...base, __rate_interval: `${4 * step}s` };
    // MetricsQL's rate(x[d]) starts at the last sample before the window and does not extrapolate; on
    // the same samples that is Prometheus' rate(x[d + one scrape interval]) (README, "The HA drill"). Not so
    // for increase(), which Prometheus extrapolates to the window: the dashboard's one increase panel (pod
    // restarts) reads kube-state-metrics, which the local stack does not run, so it has no data here.
    const promVars = { ...base, __rate_interval: `${5 * step}s` };
    const ignore = storeOnlyLabels(d);
    const results: PanelFigure[] = [];
    for (const p of q.panels) {
      const run = (url: string, vars: Readonly<Record<string, string>>): Promise<Sample[] | string> =>
        queryRange(url, substituteVariables(p.expr, vars), start, end, step).catch((e: unknown) => String(e).slice(0, 120));
      const [vm, sameText, ...replicas] = await Promise.all([
        run(d.ha.ha.victoria, storeVars),
        run(d.ha.ha.prometheus[0] ?? "", storeVars),
        ...d.ha.ha.prometheus.map((u) => run(u, promVars)),
      ]);
      const failed = [vm, sameText, ...replicas].find((r): r is string => typeof r === "string");
      if (failed !== undefined || typeof vm === "string" || typeof sameText === "string") {
        results.push({
          title: p.title,
          ok: false,
          empty: false,
          checkPct: 100,
          sameTextPct: 100,
          replicasPct: 0,
          detail: `query failed: ${failed ?? ""}`,
        });
        continue;
      }
      const reps = replicas.filter((r): r is Sample[] => typeof r !== "string");
      const check = compareWithReplicas(vm, reps, ignore);
      const plain = compareSeries(vm, sameText, ignore);
      const between = compareSeries(reps[0] ?? [], reps[1] ?? [], ignore);
      const empty = vm.length === 0 && reps.every((r) => r.length === 0);
      const ok = empty || (check.missing.length === 0 && check.gaps === 0 && check.points > 0 && check.worst <= SAME_WITHIN);
      results.push({
        title: p.title,
        ok,
        empty,
        checkPct: check.worst * 100,
        sameTextPct: plain.worst * 100,
        replicasPct: between.worst * 100,
        detail: empty
          ? "no series in either engine: it reads kubelet or kube-state-metrics series (not run locally) or last week's data (a fresh stack has none)"
          : `${vm.length} series, ${check.points} points, worst ${pct(check.worst)} against the replica the store kept${check.worst > SAME_WITHIN && check.worstAt ? ` (${check.worstAt})` : ""}${check.missing.length ? `, ${check.missing.length} series in one engine only: ${check.missing.slice(0, 2).join(", ")}` : ""}${check.gaps ? `, ${check.gaps} points in one engine only` : ""}; same text against replica 0 ${pct(plain.worst)}, the replicas between them ${pct(between.worst)}`,
      });
    }
    const compared = results.filter((r) => !r.empty);
    d.measures.panels = {
      compared: compared.length,
      same: compared.filter((r) => r.ok).length,
      worstPct: Math.max(0, ...compared.map((r) => r.checkPct)),
      sameTextWorstPct: Math.max(0, ...compared.map((r) => r.sameTextPct)),
      figures: results,
    };
    for (const r of results) d.row(checkRow(`panel "${r.title}": same series within 1%`, d.since(Date.now()), r.ok, r.detail));
    // Two minutes of errors with full 5m windows stay under the threshold alert and every SLO page: the product
    // must page no one for them, so there is no resolved notification to wait for (README, "The HA drill").
    await d.sleepUntil(Math.max(Date.now(), d.recoveredAt + durationMs(d.timing(Severity.page).groupWait) + d.evalMs + d.slackMs));
    const paged = pages(d, d.faultAt);
    d.row(
      checkRow(
        "the two-minute break pages no one (its 5m error ratio stays under the thresholds)",
        d.since(Date.now()),
        paged.length === 0,
        paged.length === 0 ? "no page" : paged.map((n) => `${formatOffset(d.since(n.at))} ${alertNames(n).join("+")}`).join(", "),
      ),
    );
    d.row(
      checkRow(
        "every panel query of the dashboard compared",
        d.since(Date.now()),
        compared.length > 0,
        `${compared.filter((r) => r.ok).length} of ${compared.length} panel queries with data the same within 1% over ${formatOffset(end - start).slice(1)} at a ${step} s step; ${results.length - compared.length} with no data in either engine`,
      ),
    );
    checkHeartbeats(d);
  },
};

const vmalert: HaScenario = {
  thresholdAlert: naming.alert.errorRatio,
  name: "engine-vmalert",
  title: "vmalert evaluates the service's rules against VictoriaMetrics",
  description:
    "The Prometheus replicas keep only the platform rules; vmalert evaluates the service's generated rule file (recording and alerting rules) against VictoriaMetrics, writes recorded series and ALERTS back to it and notifies all three Alertmanagers. The database breaks: the page must reach the pager receiver within five minutes, once, and resolve after the database comes back.",
  stack: { ruleEngine: RuleEngine.vmalert },
  async run(d) {
    // Each chained recording rule waits for the one before it to be written and visible (flush plus the
    // store's latency offset): the error ratio is three links from the raw counters.
    const recorded = await d.waitFor(
      async () => (await query(d.ha.ha.victoria, `${naming.record.errorRatio}{${d.selector}}`).catch(() => []))[0]?.values[0]?.[1],
      d.startedAt + 8 * MINUTE,
      2_000,
    );
    d.row(
      checkRow(
        "vmalert's recorded error ratio visible in VictoriaMetrics",
        recorded ? recorded.at - Date.now() : 0,
        recorded !== undefined,
        recorded
          ? `${Math.round((recorded.at - d.startedAt) / 1000)} s after the stack started (Prometheus: one evaluation)`
          : "not recorded within 8 minutes",
      ),
    );
    await d.warmUp();
    d.fault("database broken");
    await d.post("/admin/database/break");
    const page = await expectPage(d, undefined);
    await d.sleepUntil((page?.at ?? Date.now()) + allMembersHadTheirTurn(d));
    checkOnePage(d, d.faultAt);
    const restoredAt = await d.recover("database restored", () => d.post("/admin/database/restore"));
    await expectResolved(d, d.faultAt, restoredAt, 5 * MINUTE);
    await d.waitFor(() => d.active(Severity.page).then((a) => (a === false ? true : undefined)), Date.now() + 6 * MINUTE, 2_000);
    await d.sleepUntil(Date.now() + durationMs(d.timing(Severity.page).groupWait) + STORE_LATENCY_MS + d.evalMs + 5_000);
    // The rules that read ALERTS across evaluations see them through the store, 30 s and a flush late
    // (README, "vmalert"): a page after the recovery from one of them is that difference; any other fails.
    const readsAlerts = new Set(d.rules.filter((r) => r.expr.includes("ALERTS{")).map((r) => r.alert));
    const after = pages(d, restoredAt);
    const firingNames = (n: (typeof after)[number]): string[] => [
      ...new Set(n.alerts.filter((a) => a.status === "firing").map((a) => a.labels.alertname ?? "?")),
    ];
    const unexplained = after.filter((n) => !firingNames(n).some((a) => readsAlerts.has(a)));
    d.row(
      checkRow(
        "no new page after the recovery, but for the rules that read ALERTS (a known vmalert difference)",
        d.since(Date.now()),
        unexplained.length === 0,
        after.length === 0
          ? "none"
          : `${after.length} page(s) after the recovery: ${after.map((n) => `${formatOffset(d.since(n.at))} ${firingNames(n).join("+")}`).join(", ")}${unexplained.length ? `; ${unexplained.length} not from a rule that reads ALERTS` : ` (each with ${[...readsAlerts].join(" or ")} firing)`}`,
      ),
    );
    d.measures.vmalertPagesAfterRecovery = after.length;
    checkHeartbeats(d);
  },
};

/** Every HA scenario, in the order `all` runs them. */
export const HA_SCENARIOS: readonly HaScenario[] = [memberLoss, split, replicaLoss, outage, globalQuery, vmalert];
