/**
 * The local stack in production's shape: every Prometheus replica the stack renders (each with the
 * rendered rules and external labels plus its own replica label, each sending to every Alertmanager,
 * the replica label dropped from alerts as the operator configures it), the Alertmanagers in one
 * gossip cluster, and one VictoriaMetrics that every replica remote-writes to with the rendered queue
 * settings and that deduplicates the replicas. Everything on 127.0.0.1; everything it starts, it stops.
 */
import { createSocket } from "node:dgram";
import * as fs from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";
import { runLoad, startOrdersApi, type LoadReport, type OrdersApi } from "../../examples/orders-api";
import * as yaml from "js-yaml";
import { toYaml } from "../../format";
import { isObject } from "../../format/guards";
import { fallbackAlertmanagerConfig, localAlertmanagerConfig, receiverNames, routeTimings } from "../alertmanager-config";
import { durationMs } from "../drill/timeline";
import { HOST } from "../ports";
import { localPrometheusConfig } from "../prometheus-config";
import { requireBinaries, startProcess, type ProcessConfig, type Supervised } from "../processes";
import { localRuleFiles, readRendered } from "../rendered";
import { startSink } from "../sink";
import { DEFAULT_LOAD_RATE, DEMO_SERVICE, type LocalStack } from "../stack";
import { haShapeProblems, HaShapeError, localRemoteWritePath, queueConfig, readHaShape, type HaShape } from "./shape";
import type { Generated } from "../../generate";

/** Which engine evaluates the service's rules. */
export const RuleEngine = { prometheus: "prometheus", vmalert: "vmalert" } as const;
export type RuleEngine = (typeof RuleEngine)[keyof typeof RuleEngine];

/** How the Alertmanagers find each other. */
export const Gossip = {
  /** Each member is given every other member as a peer, as the operator does. */
  cluster: "cluster",
  /** Each member is given only a seed address nothing listens on: no gossip until {@link HaStack.healGossip} starts the seed. */
  split: "split",
} as const;
export type Gossip = (typeof Gossip)[keyof typeof Gossip];

export interface HaStackOptions {
  readonly outDir: string;
  /** The generation rendered in `outDir`: the stack maps it to processes. */
  readonly generated: Generated;
  /** Stack name, for messages. */
  readonly stackName: string;
  readonly dataDir: string;
  /** Requests per second of the load generator. Defaults to {@link DEFAULT_LOAD_RATE}. */
  readonly loadRate?: number;
  /** Defaults to `prometheus`. */
  readonly ruleEngine?: RuleEngine;
  /** Defaults to `cluster`. */
  readonly gossip?: Gossip;
}

/** A local stack in production's shape; `urls.prometheus` and `urls.alertmanager` are the first replica and member. */
export interface HaStack extends LocalStack {
  readonly shape: HaShape;
  readonly ruleEngine: RuleEngine;
  readonly ha: {
    readonly prometheus: readonly string[];
    readonly alertmanager: readonly string[];
    readonly victoria: string;
    /** vmalert's UI and API, when it evaluates the service's rules. */
    readonly vmalert: string | undefined;
  };
  /** What the local stack changed in the rendered remote write, for the user. */
  readonly remoteWriteNotes: readonly string[];
  /** What the local stack changed in the rendered rules for the rule engine (vmalert), for the user. */
  readonly ruleEngineNotes: readonly string[];
  /** The value of the replica label of replica `i`. */
  replicaName(i: number): string;
  prometheusReplica(i: number): Supervised;
  stopPrometheusReplica(i: number): Promise<void>;
  startPrometheusReplica(i: number): Promise<void>;
  alertmanagerMember(i: number): Supervised;
  stopAlertmanagerMember(i: number): Promise<void>;
  startAlertmanagerMember(i: number): Promise<void>;
  /** Cluster size each member sees, from its status API (undefined: it did not answer). */
  clusterSizes(): Promise<(number | undefined)[]>;
  /** Starts the gossip seed the members of a split cluster are waiting for; they join within about 15 s. */
  healGossip(): Promise<void>;
  stopStore(): Promise<void>;
  startStore(): Promise<void>;
  store(): Supervised;
}

const READY_TIMEOUT_MS = 60_000;

function prometheusProcess(dir: string, i: number, port: number): ProcessConfig {
  return {
    name: `prometheus-${i}`,
    binary: "prometheus",
    aptPackage: "prometheus",
    args: [
      `--config.file=${path.join(dir, `prometheus-${i}.yml`)}`,
      `--storage.tsdb.path=${path.join(dir, `prometheus-${i}`)}`,
      `--web.listen-address=${HOST}:${port}`,
      "--web.enable-lifecycle",
    ],
    logFile: path.join(dir, "logs", `prometheus-${i}.log`),
    readyUrl: `http://${HOST}:${port}/-/ready`,
    readyTimeoutMs: READY_TIMEOUT_MS,
  };
}

function alertmanagerProcess(dir: string, name: string, port: number, clusterPort: number, peers: readonly number[]): ProcessConfig {
  return {
    name: `alertmanager-${name}`,
    binary: "prometheus-alertmanager",
    aptPackage: "prometheus-alertmanager",
    args: [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, `alertmanager-${name}`)}`,
      `--web.listen-address=${HOST}:${port}`,
      `--cluster.listen-address=${HOST}:${clusterPort}`,
      `--cluster.advertise-address=${HOST}:${clusterPort}`,
      ...peers.map((p) => `--cluster.peer=${HOST}:${p}`),
    ],
    logFile: path.join(dir, "logs", `alertmanager-${name}.log`),
    readyUrl: `http://${HOST}:${port}/-/ready`,
    readyTimeoutMs: READY_TIMEOUT_MS,
  };
}

function victoriaProcess(dir: string, port: number, dedup: string): ProcessConfig {
  return {
    name: "victoria-metrics",
    binary: "victoria-metrics",
    aptPackage: "victoria-metrics",
    args: [
      `-httpListenAddr=${HOST}:${port}`,
      `-storageDataPath=${path.join(dir, "victoria-metrics")}`,
      "-retentionPeriod=7d",
      `-dedup.minScrapeInterval=${dedup}`,
      `-relabelConfig=${path.join(dir, "victoria-relabel.yml")}`,
    ],
    logFile: path.join(dir, "logs", "victoria-metrics.log"),
    readyUrl: `http://${HOST}:${port}/health`,
    readyTimeoutMs: READY_TIMEOUT_MS,
  };
}

function vmalertProcess(
  dir: string,
  port: number,
  ruleFile: string,
  victoria: string,
  alertmanagers: readonly string[],
  evaluation: string,
): ProcessConfig {
  return {
    name: "vmalert",
    binary: "vmalert",
    aptPackage: "victoria-metrics",
    args: [
      `-rule=${ruleFile}`,
      `-datasource.url=${victoria}`,
      // Recorded series and ALERTS go back to the store, and alert state is restored from it on restart.
      `-remoteWrite.url=${victoria}`,
      `-remoteRead.url=${victoria}`,
      ...alertmanagers.map((a) => `-notifier.url=${a}`),
      `-evaluationInterval=${evaluation}`,
      `-httpListenAddr=${HOST}:${port}`,
    ],
    logFile: path.join(dir, "logs", "vmalert.log"),
    readyUrl: `http://${HOST}:${port}/health`,
    readyTimeoutMs: READY_TIMEOUT_MS,
  };
}

/**
 * The dedup interval: the shortest scrape interval of the stack. VictoriaMetrics keeps one sample per
 * series and interval, so a replica pair scraping every interval is stored once; a series scraped
 * more slowly would keep both replicas' samples, which the README names as a limit.
 */
function dedupInterval(scrape: string, monitors: readonly { readonly endpoints: readonly { readonly interval?: string }[] }[]): string {
  const all = [scrape, ...monitors.flatMap((m) => m.endpoints.map((e) => e.interval ?? scrape))];
  return all.reduce((a, b) => (durationMs(b) < durationMs(a) ? b : a));
}

/**
 * A rule file (as parsed) without `keep_firing_for`, which vmalert 1.79 refuses, and the alerts that had
 * it. Parsed and written back as data, every other field as rendered.
 */
export function withoutKeepFiringFor(file: unknown): { rules: unknown; dropped: string[] } {
  const dropped: string[] = [];
  if (!isObject(file) || !Array.isArray(file.groups)) return { rules: file, dropped };
  const groups = file.groups.map((g: unknown) =>
    isObject(g) && Array.isArray(g.rules)
      ? {
          ...g,
          rules: g.rules.map((r: unknown) => {
            if (!isObject(r) || !("keep_firing_for" in r)) return r;
            const { keep_firing_for: _hold, ...rest } = r;
            dropped.push(typeof r.alert === "string" ? r.alert : "?");
            return rest;
          }),
        }
      : g,
  );
  return { rules: { ...file, groups }, dropped };
}

/**
 * Binds `port` on 127.0.0.1 for TCP (closing each connection at once) and UDP (dropping every packet);
 * resolves to the port bound (port 0: one the system picked, free for both) and a function that
 * releases it. Held until the process that needs the port starts, so that the stacks a drill starts
 * at the same time never pick the same port, and gossip sent to an address held so goes nowhere.
 */
async function holdPort(port = 0): Promise<{ port: number; release: () => Promise<void> }> {
  for (;;) {
    const tcp = createServer((socket) => socket.destroy());
    const bound = await new Promise<number>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(port, HOST, () => {
        const address = tcp.address();
        resolve(address !== null && typeof address === "object" ? address.port : port);
      });
    });
    const udp = createSocket("udp4");
    const ok = await new Promise<boolean>((resolve) => {
      udp.once("error", () => resolve(false));
      udp.bind(bound, HOST, () => resolve(true));
    });
    const closeTcp = (): Promise<void> => new Promise((resolve) => tcp.close(() => resolve()));
    if (!ok) {
      await closeTcp();
      if (port !== 0) throw new Error(`port ${HOST}:${port} is taken for UDP`);
      continue;
    }
    return {
      port: bound,
      release: async () => {
        await new Promise<void>((resolve) => udp.close(() => resolve()));
        await closeTcp();
      },
    };
  }
}

/** Reads the rendered shape and refuses, before anything starts, what the HA stack cannot run. */
export function checkHaShape(outDir: string, stackName: string): HaShape {
  const shape = readHaShape(outDir);
  const problems = haShapeProblems(shape, stackName);
  if (problems.length > 0) throw new HaShapeError(`the stack cannot run as the local HA stack:\n  ${problems.join("\n  ")}`);
  return shape;
}

/** Starts the HA stack; on any failure, stops what it had started and rethrows. */
export async function startHaStack(options: HaStackOptions): Promise<HaStack> {
  const rendered = readRendered(options.outDir, options.generated);
  const shape = checkHaShape(options.outDir, options.stackName);
  const engine = options.ruleEngine ?? RuleEngine.prometheus;
  const gossip = options.gossip ?? Gossip.cluster;
  const dir = options.dataDir;
  requireBinaries([
    prometheusProcess(dir, 0, 0),
    alertmanagerProcess(dir, "0", 0, 0, []),
    victoriaProcess(dir, 0, "1s"),
    ...(engine === RuleEngine.vmalert ? [vmalertProcess(dir, 0, "", "", [], "1s")] : []),
  ]);
  fs.mkdirSync(path.join(dir, "logs"), { recursive: true });
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const held = new Map<number, () => Promise<void>>();
    const hold = async (n: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const h = await holdPort();
        held.set(h.port, h.release);
        out.push(h.port);
      }
      return out;
    };
    /** Lets go of ports just before the process that listens on them starts. */
    const free = async (...ports: number[]): Promise<void> => {
      for (const p of ports) {
        await held.get(p)?.();
        held.delete(p);
      }
    };
    cleanups.push(() => free(...held.keys()));
    const promPorts = await hold(shape.prometheusReplicas);
    const amPorts = await hold(shape.alertmanagerReplicas);
    const clusterPorts = await hold(shape.alertmanagerReplicas);
    const [seedPort, seedClusterPort, vmPort, vmalertPort, servicePort] = await hold(5);
    if (
      seedPort === undefined ||
      seedClusterPort === undefined ||
      vmPort === undefined ||
      vmalertPort === undefined ||
      servicePort === undefined
    )
      throw new Error("no free ports");
    const victoria = `http://${HOST}:${vmPort}`;
    const amUrls = amPorts.map((p) => `http://${HOST}:${p}`);

    const sink = await startSink();
    cleanups.push(() => sink.close());
    await free(servicePort);
    let api: OrdersApi | undefined = await startOrdersApi({ host: HOST, port: servicePort });
    const serviceUrl = api.url;
    cleanups.push(async () => api?.close());

    const am = localAlertmanagerConfig(rendered.alertmanager?.config ?? fallbackAlertmanagerConfig(), sink.url);
    fs.writeFileSync(path.join(dir, "alertmanager.yml"), toYaml(am));

    // The store: one series per replica pair, the replica label dropped as a global query layer would.
    fs.writeFileSync(path.join(dir, "victoria-relabel.yml"), toYaml([{ action: "labeldrop", regex: shape.replicaLabel }]));
    const dedup = dedupInterval(rendered.scrapeInterval, rendered.monitors);
    await free(vmPort);
    let store = await startProcess(victoriaProcess(dir, vmPort, dedup));
    cleanups.push(() => store.stop());

    const replicaName = (i: number): string => `prometheus-${shape.prometheusName}-${i}`;
    const base = localPrometheusConfig(rendered, { [DEMO_SERVICE]: `${HOST}:${servicePort}` }, "");
    const remote = shape.remoteWrite[0];
    const remotePath = remote ? localRemoteWritePath(remote.url) : "/api/v1/write";
    const remoteWriteNotes = remote
      ? [
          `${remote.name}: ${remote.url} → ${victoria}${typeof remotePath === "string" ? remotePath : ""}, queue settings kept (${Object.entries(
            remote.queueConfig,
          )
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(
              ", ",
            )})${remote.dropped.length ? `; ${remote.dropped.join(", ")} dropped (the local store takes no tenant and no credential)` : ""}`,
        ]
      : [];
    const ruleFiles =
      engine === RuleEngine.vmalert ? localRuleFiles(rendered, []) : ((base.config.rule_files as string[] | undefined) ?? []);
    const selfJob = {
      job_name: shape.prometheusName,
      scrape_interval: rendered.scrapeInterval,
      static_configs: [{ targets: promPorts.map((p) => `${HOST}:${p}`) }],
    };
    promPorts.forEach((_, i) => {
      const config = {
        ...base.config,
        global: {
          ...(base.config.global as Record<string, unknown>),
          // The operator's external labels: the Prometheus's name and each pod's own replica value.
          external_labels: {
            ...rendered.externalLabels,
            prometheus: `${shape.namespace}/${shape.prometheusName}`,
            [shape.replicaLabel]: replicaName(i),
          },
        },
        alerting: {
          // As the operator configures it: identical alerts from every replica, so Alertmanager deduplicates them.
          alert_relabel_configs: [{ action: "labeldrop", regex: shape.replicaLabel }],
          alertmanagers: [{ api_version: "v2", static_configs: [{ targets: amPorts.map((p) => `${HOST}:${p}`) }] }],
        },
        rule_files: ruleFiles,
        scrape_configs: [...((base.config.scrape_configs as unknown[] | undefined) ?? []), selfJob],
        remote_write: remote
          ? [
              {
                name: remote.name,
                url: `${victoria}${typeof remotePath === "string" ? remotePath : ""}`,
                queue_config: queueConfig(remote.queueConfig),
              },
            ]
          : [],
      };
      fs.writeFileSync(path.join(dir, `prometheus-${i}.yml`), toYaml(config));
    });

    const peersOf = (i: number): number[] => (gossip === Gossip.split ? [seedClusterPort] : clusterPorts.filter((_, j) => j !== i));
    const amSpec = (i: number): ProcessConfig => alertmanagerProcess(dir, String(i), amPorts[i] ?? 0, clusterPorts[i] ?? 0, peersOf(i));
    const members: Supervised[] = [];
    for (let i = 0; i < amPorts.length; i++) {
      await free(amPorts[i] ?? 0, clusterPorts[i] ?? 0);
      members.push(await startProcess(amSpec(i)));
      cleanups.push(() => members[i]?.stop() ?? Promise.resolve());
    }
    let seed: Supervised | undefined;
    cleanups.push(async () => seed?.stop());

    const promSpec = (i: number): ProcessConfig => prometheusProcess(dir, i, promPorts[i] ?? 0);
    const replicas: Supervised[] = [];
    for (let i = 0; i < promPorts.length; i++) {
      await free(promPorts[i] ?? 0);
      replicas.push(await startProcess(promSpec(i)));
      cleanups.push(() => replicas[i]?.stop() ?? Promise.resolve());
    }

    let vmalert: Supervised | undefined;
    const ruleEngineNotes: string[] = [];
    if (engine === RuleEngine.vmalert) {
      const file = rendered.ruleFiles[`${DEMO_SERVICE}.yaml`];
      if (file === undefined) throw new Error(`no rendered rule file for ${DEMO_SERVICE}`);
      const forVmalert = withoutKeepFiringFor(yaml.load(fs.readFileSync(file, "utf8")));
      const vmalertFile = path.join(dir, `vmalert-${DEMO_SERVICE}.yaml`);
      fs.writeFileSync(vmalertFile, toYaml(forVmalert.rules));
      if (forVmalert.dropped.length > 0)
        ruleEngineNotes.push(
          `vmalert 1.79 refuses keep_firing_for ("unknown fields in rule"): its copy of ${DEMO_SERVICE}'s rules has none, so ${[...new Set(forVmalert.dropped)].join(", ")} resolve without their hold (${forVmalert.dropped.length} rules)`,
        );
      await free(vmalertPort);
      vmalert = await startProcess(vmalertProcess(dir, vmalertPort, vmalertFile, victoria, amUrls, rendered.evaluationInterval));
      cleanups.push(async () => vmalert?.stop());
    }

    const loadRate = options.loadRate ?? DEFAULT_LOAD_RATE;
    const stopLoad = new AbortController();
    const load: Promise<LoadReport> | undefined =
      loadRate > 0 ? runLoad({ baseUrl: serviceUrl, rate: loadRate, signal: stopLoad.signal }) : undefined;
    cleanups.push(async () => {
      stopLoad.abort();
      await load;
    });

    const at = <T>(list: readonly T[], i: number): T => {
      const x = list[i];
      if (x === undefined) throw new Error(`no member ${i}`);
      return x;
    };
    let stopped: Promise<{ load: LoadReport | undefined }> | undefined;
    const stack: HaStack = {
      rendered,
      dataDir: dir,
      // With vmalert as the engine, the service's alerts and recorded series live in the store.
      urls: {
        prometheus: engine === RuleEngine.vmalert ? victoria : `http://${HOST}:${promPorts[0] ?? 0}`,
        alertmanager: at(amUrls, 0),
        service: serviceUrl,
        sink: sink.url,
      },
      sink,
      scraped: base.scraped,
      leftOut: base.leftOut,
      alertmanagerSource: rendered.alertmanager ? "rendered" : "fallback",
      receivers: receiverNames(am),
      routes: routeTimings(am),
      shape,
      ruleEngine: engine,
      ha: {
        prometheus: promPorts.map((p) => `http://${HOST}:${p}`),
        alertmanager: amUrls,
        victoria,
        vmalert: engine === RuleEngine.vmalert ? `http://${HOST}:${vmalertPort}` : undefined,
      },
      remoteWriteNotes,
      ruleEngineNotes,
      replicaName,
      prometheus: () => at(replicas, 0),
      alertmanager: () => at(members, 0),
      prometheusReplica: (i) => at(replicas, i),
      async stopPrometheusReplica(i) {
        await at(replicas, i).stop();
      },
      async startPrometheusReplica(i) {
        if (!at(replicas, i).running()) replicas[i] = await startProcess(promSpec(i));
      },
      async restartPrometheus() {
        await at(replicas, 0).stop();
        replicas[0] = await startProcess(promSpec(0));
      },
      alertmanagerMember: (i) => at(members, i),
      async stopAlertmanagerMember(i) {
        await at(members, i).stop();
      },
      async startAlertmanagerMember(i) {
        if (!at(members, i).running()) members[i] = await startProcess(amSpec(i));
      },
      stopAlertmanager: () => stack.stopAlertmanagerMember(0),
      startAlertmanager: () => stack.startAlertmanagerMember(0),
      async clusterSizes() {
        return Promise.all(
          amUrls.map(async (u) => {
            try {
              const res = await fetch(`${u}/api/v2/status`, { signal: AbortSignal.timeout(5_000) });
              const body = (await res.json()) as { cluster?: { peers?: unknown[] } };
              return body.cluster?.peers?.length;
            } catch {
              return undefined;
            }
          }),
        );
      },
      async healGossip() {
        // A member of the cluster that gets no alerts: the others find it at their seed address and, through it, each other.
        // Until now the seed's address answered nothing (held, see holdPort).
        await free(seedPort, seedClusterPort);
        seed ??= await startProcess(alertmanagerProcess(dir, "seed", seedPort, seedClusterPort, clusterPorts));
      },
      async stopStore() {
        await store.stop();
      },
      async startStore() {
        if (!store.running()) store = await startProcess(victoriaProcess(dir, vmPort, dedup));
      },
      store: () => store,
      async stopService() {
        await api?.close();
        api = undefined;
      },
      async startService() {
        api ??= await startOrdersApi({ host: HOST, port: servicePort });
      },
      serviceUrl: () => serviceUrl,
      stop() {
        stopped ??= (async () => {
          stopLoad.abort();
          const report = await load;
          await cleanup();
          return { load: report };
        })();
        return stopped;
      },
    };
    return stack;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
