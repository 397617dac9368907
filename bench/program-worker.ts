/**
 * Child process of the benchmark: runs the Pulumi program (index.ts) under mocks for N generated
 * services and reports the resources it registered, time and memory.
 *
 * Usage: node --import tsx bench/program-worker.ts <services> [sidecar|grafanaApi]
 */
import * as pulumi from "@pulumi/pulumi";
import { naming } from "../config";
import { generateStack, placeholderSecrets } from "./render-services";
import { cpuMsSince, memoryBefore, memoryNow, msSince, report } from "./render-child";

const PROJECT = "kube-observability";

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly at: bigint;
}

/** Resolves once no registration has arrived for `quietMs` (the program's RPCs have all drained). */
async function settled(registrations: readonly Registration[], quietMs: number): Promise<void> {
  // Drain Pulumi's own queue of pending RPCs first, then make sure nothing trickles in after it.
  await pulumi.runtime.disconnect();
  let seen = -1;
  while (seen !== registrations.length) {
    seen = registrations.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

/**
 * The most resources any one service registers itself: its ServiceMonitoring component and the
 * custom resources named after it (`<service>-<kind>`, as the component names its children).
 * Shared resources that grow with services (a team's dashboard ConfigMaps) are not counted here.
 */
function ownPerService(registrations: readonly Registration[]): number {
  const components = registrations.filter((r) => r.type === naming.typeToken.service).map((r) => r.name);
  const children = new Map<string, number>(components.map((c) => [c, 0]));
  for (const r of registrations) {
    const m = r.custom ? /^(.*)-[a-z]+$/.exec(r.name) : null;
    const owner = m?.[1];
    if (owner !== undefined && children.has(owner)) children.set(owner, (children.get(owner) ?? 0) + 1);
  }
  return components.length === 0 ? 0 : 1 + Math.max(...children.values());
}

async function main(): Promise<void> {
  const services = Number(process.argv[2]);
  const delivery = process.argv[3] ?? "sidecar";
  if (!Number.isInteger(services) || services < 1 || (delivery !== "sidecar" && delivery !== "grafanaApi")) {
    process.stderr.write("usage: program-worker.ts <services> [sidecar|grafanaApi]\n");
    process.exit(2);
  }
  const gen = generateStack(services);
  const raw: Record<string, unknown> = delivery === "sidecar" ? gen.config : { ...gen.config, dashboards: { delivery } };
  const secrets: Record<string, unknown> = {
    ...placeholderSecrets(raw),
    ...(delivery === "grafanaApi" ? { grafanaApiUrl: "https://grafana.example.invalid", grafanaApiToken: "bench-only-token" } : {}),
  };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) config[`${PROJECT}:${key}`] = JSON.stringify(value);
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(secrets)) {
    config[`${PROJECT}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    secretKeys.push(`${PROJECT}:${key}`);
  }

  const registrations: Registration[] = [];
  pulumi.runtime.setAllConfig(config, secretKeys);
  // Mocks must be in place before the program or its components are imported.
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({ type: args.type, name: args.name, custom: args.custom ?? true, at: process.hrtime.bigint() });
        return { id: `${args.name}-id`, state: { ...args.inputs, status: { status: "deployed" } } };
      },
      call(args) {
        return args.inputs;
      },
    },
    PROJECT,
    gen.stack,
    true,
  );

  // Loading the components pulls in @pulumi/kubernetes; timed apart from the program itself.
  const l0 = process.hrtime.bigint();
  await import("../components");
  const loadMs = msSince(l0);

  const before = memoryBefore();
  const cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    await import("../index");
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`the program failed: ${message.split("\n").slice(0, 20).join("\n")}\n`);
    process.exit(2);
  }
  const constructMs = msSince(t0);
  await settled(registrations, 50);
  // Includes the quiet wait of settled(), which costs next to no CPU.
  const cpuMs = cpuMsSince(cpu);
  const last = registrations.reduce((m, r) => (r.at > m ? r.at : m), t0);
  const memory = memoryNow(before);

  const byType: Record<string, number> = {};
  for (const r of registrations) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const custom = registrations.filter((r) => r.custom).length;
  report({
    kind: "program",
    services,
    delivery,
    ownPerService: ownPerService(registrations),
    processMs: performance.now(),
    loadMs,
    constructMs,
    totalMs: msSince(t0, last),
    cpuMs,
    resources: registrations.length,
    customResources: custom,
    componentResources: registrations.length - custom,
    byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => (a < b ? -1 : 1))),
    ...memory,
  });
}

void main();
