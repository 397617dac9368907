/**
 * The local stack: real Prometheus and Alertmanager processes running the rendered rules and
 * Alertmanager configuration on 127.0.0.1, the orders-api demo service with steady load, and the
 * notification sink in place of every receiver. Everything it starts, it stops.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { runLoad, startOrdersApi, type LoadReport, type OrdersApi } from "../examples/orders-api";
import { STOREFRONT_SERVICE, runStorefrontLoad, startStorefront } from "../examples/storefront";
import { toYaml } from "../format";
import type { Generated } from "../generate";
import { fallbackAlertmanagerConfig, localAlertmanagerConfig, receiverNames, routeTimings, type RouteTiming } from "./alertmanager-config";
import { localPrometheusConfig } from "./prometheus-config";
import { claimPort, HOST } from "./ports";
import { requireBinaries, startProcess, type ProcessConfig, type Supervised } from "./processes";
import { readRendered, type RenderedStack } from "./rendered";
import { startSink, type Sink } from "./sink";

/** The service the demo process stands in for. */
export const DEMO_SERVICE = "orders-api";

/** Requests per second sent to storefront where the stack has it; each checkout also calls orders-api. */
export const STOREFRONT_LOAD_RATE = 4;

/** Requests per second the load generator sends by default. */
export const DEFAULT_LOAD_RATE = 10;

export interface LocalStackOptions {
  /** Directory of a rendered stack (`npm run render` output). */
  readonly outDir: string;
  /** The generation rendered there: the local stack maps it to processes. */
  readonly generated: Generated;
  /** Directory for configuration, data and logs; created if missing, never deleted. */
  readonly dataDir: string;
  /** Ports to listen on; 0 or absent picks a free one. */
  readonly ports?: { readonly prometheus?: number; readonly alertmanager?: number; readonly service?: number };
  /** Requests per second of the load generator; 0 sends none. Defaults to {@link DEFAULT_LOAD_RATE}. */
  readonly loadRate?: number;
}

export interface LocalStack {
  readonly rendered: RenderedStack;
  readonly dataDir: string;
  readonly urls: {
    readonly prometheus: string;
    readonly alertmanager: string;
    readonly service: string;
    readonly sink: string;
    /** The blackbox exporter, when a local service has a probe (the HA stack runs none). */
    readonly blackbox?: string;
  };
  readonly sink: Sink;
  /** Services scraped locally, and those with no local process (neither scraped nor their rules loaded). */
  readonly scraped: readonly string[];
  readonly leftOut: readonly string[];
  /** Services probed locally through the blackbox exporter (none when absent: the HA stack runs no exporter). */
  readonly probed?: readonly string[];
  /** Where the Alertmanager routing came from. */
  readonly alertmanagerSource: "rendered" | "fallback";
  readonly receivers: readonly string[];
  /** Effective timing of every route, as the local Alertmanager runs it (the rendered values). */
  readonly routes: readonly RouteTiming[];
  readonly prometheus: () => Supervised;
  readonly alertmanager: () => Supervised;
  /** The blackbox exporter's process, when one runs. */
  readonly blackbox?: () => Supervised;
  /** Stops Prometheus gracefully and starts it again on the same port and data. */
  restartPrometheus(): Promise<void>;
  stopAlertmanager(): Promise<void>;
  startAlertmanager(): Promise<void>;
  /** Stops the demo service (its target goes down) and starts it again on the same port. */
  stopService(): Promise<void>;
  startService(): Promise<void>;
  /** The demo service while it runs, to break its database or slow it down. */
  serviceUrl(): string;
  /** Stops load, service, Prometheus, Alertmanager, the blackbox exporter and sink; safe to call twice. */
  stop(): Promise<{ load: LoadReport | undefined }>;
}

function prometheusSpec(dir: string, port: number): ProcessConfig {
  return {
    name: "prometheus",
    binary: "prometheus",
    aptPackage: "prometheus",
    args: [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "prometheus")}`,
      `--web.listen-address=${HOST}:${port}`,
      "--web.enable-lifecycle",
    ],
    logFile: path.join(dir, "logs", "prometheus.log"),
    readyUrl: `http://${HOST}:${port}/-/ready`,
  };
}

function alertmanagerSpec(dir: string, port: number): ProcessConfig {
  return {
    name: "alertmanager",
    binary: "prometheus-alertmanager",
    aptPackage: "prometheus-alertmanager",
    args: [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, "alertmanager")}`,
      `--web.listen-address=${HOST}:${port}`,
      // One instance, no gossip: nothing else listens and no peer is looked for.
      "--cluster.listen-address=",
    ],
    logFile: path.join(dir, "logs", "alertmanager.log"),
    readyUrl: `http://${HOST}:${port}/-/ready`,
  };
}

/** The real blackbox exporter (Debian's build), with the modules the chart is given. */
function blackboxSpec(dir: string, port: number): ProcessConfig {
  return {
    name: "blackbox-exporter",
    binary: "prometheus-blackbox-exporter",
    aptPackage: "prometheus-blackbox-exporter",
    args: [`--config.file=${path.join(dir, "blackbox.yml")}`, `--web.listen-address=${HOST}:${port}`],
    logFile: path.join(dir, "logs", "blackbox-exporter.log"),
    readyUrl: `http://${HOST}:${port}/-/ready`,
  };
}

/** Starts the local stack; on any failure, stops what it had started and rethrows. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const rendered = readRendered(options.outDir, options.generated);
  const dir = options.dataDir;
  // The blackbox exporter runs when the stack renders Probes (the demo services are always local).
  const probing = rendered.probes.length > 0 && rendered.blackboxConfig !== undefined;
  requireBinaries([prometheusSpec(dir, 0), alertmanagerSpec(dir, 0), ...(probing ? [blackboxSpec(dir, 0)] : [])]);
  fs.mkdirSync(path.join(dir, "logs"), { recursive: true });
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const promPort = await claimPort(options.ports?.prometheus ?? 0, "Prometheus");
    const amPort = await claimPort(options.ports?.alertmanager ?? 0, "Alertmanager");
    const servicePort = await claimPort(options.ports?.service ?? 0, DEMO_SERVICE);

    const sink = await startSink();
    cleanups.push(() => sink.close());

    let api: OrdersApi | undefined = await startOrdersApi({ host: HOST, port: servicePort });
    const serviceUrl = api.url;
    cleanups.push(async () => api?.close());

    // The OpenTelemetry demo runs where the stack describes it (dev), in front of orders-api.
    const targets: Record<string, string> = { [DEMO_SERVICE]: `${HOST}:${servicePort}` };
    if (rendered.monitors.some((m) => m.name === STOREFRONT_SERVICE)) {
      const storefront = await startStorefront({ host: HOST, port: 0, ordersUrl: serviceUrl });
      cleanups.push(() => storefront.close());
      targets[STOREFRONT_SERVICE] = new URL(storefront.url).host;
      const stopStorefrontLoad = new AbortController();
      const storefrontLoad =
        (options.loadRate ?? DEFAULT_LOAD_RATE) > 0
          ? runStorefrontLoad({ baseUrl: storefront.url, rate: STOREFRONT_LOAD_RATE, signal: stopStorefrontLoad.signal })
          : undefined;
      cleanups.push(async () => {
        stopStorefrontLoad.abort();
        await storefrontLoad;
      });
    }

    const am = rendered.alertmanager
      ? localAlertmanagerConfig(rendered.alertmanager.config, sink.url)
      : localAlertmanagerConfig(fallbackAlertmanagerConfig(), sink.url);
    fs.writeFileSync(path.join(dir, "alertmanager.yml"), toYaml(am));
    let blackboxUrl: string | undefined;
    let blackbox: Supervised | undefined;
    if (probing) {
      const bbPort = await claimPort(0, "blackbox exporter");
      fs.writeFileSync(path.join(dir, "blackbox.yml"), toYaml(rendered.blackboxConfig));
      const started = await startProcess(blackboxSpec(dir, bbPort));
      blackbox = started;
      cleanups.push(() => started.stop());
      blackboxUrl = `http://${HOST}:${bbPort}`;
    }
    const prom = localPrometheusConfig(rendered, targets, `${HOST}:${amPort}`, blackboxUrl && new URL(blackboxUrl).host);
    fs.writeFileSync(path.join(dir, "prometheus.yml"), toYaml(prom.config));

    let alertmanager = await startProcess(alertmanagerSpec(dir, amPort));
    cleanups.push(() => alertmanager.stop());
    let prometheus = await startProcess(prometheusSpec(dir, promPort));
    cleanups.push(() => prometheus.stop());

    const loadRate = options.loadRate ?? DEFAULT_LOAD_RATE;
    const stopLoad = new AbortController();
    const load: Promise<LoadReport> | undefined =
      loadRate > 0 ? runLoad({ baseUrl: serviceUrl, rate: loadRate, signal: stopLoad.signal }) : undefined;
    cleanups.push(async () => {
      stopLoad.abort();
      await load;
    });

    let stopped: Promise<{ load: LoadReport | undefined }> | undefined;
    return {
      rendered,
      dataDir: dir,
      urls: {
        prometheus: `http://${HOST}:${promPort}`,
        alertmanager: `http://${HOST}:${amPort}`,
        service: serviceUrl,
        sink: sink.url,
        ...(blackboxUrl !== undefined ? { blackbox: blackboxUrl } : {}),
      },
      sink,
      scraped: prom.scraped,
      leftOut: prom.leftOut,
      probed: prom.probed,
      alertmanagerSource: rendered.alertmanager ? "rendered" : "fallback",
      receivers: receiverNames(am),
      routes: routeTimings(am),
      prometheus: () => prometheus,
      alertmanager: () => alertmanager,
      ...(blackbox !== undefined ? { blackbox: () => blackbox } : {}),
      async restartPrometheus() {
        await prometheus.stop();
        prometheus = await startProcess(prometheusSpec(dir, promPort));
      },
      async stopAlertmanager() {
        await alertmanager.stop();
      },
      async startAlertmanager() {
        if (!alertmanager.running()) alertmanager = await startProcess(alertmanagerSpec(dir, amPort));
      },
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
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The local Alertmanager configuration as YAML text, for tests and the curious. */
export function readLocalConfigs(dataDir: string): { prometheus: unknown; alertmanager: unknown } {
  return {
    prometheus: yaml.load(fs.readFileSync(path.join(dataDir, "prometheus.yml"), "utf8")),
    alertmanager: yaml.load(fs.readFileSync(path.join(dataDir, "alertmanager.yml"), "utf8")),
  };
}
