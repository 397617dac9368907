import { beforeEach, describe, expect, it, vi } from "vitest";
import { installMocks, programError } from "./support/mocks";
import { REFUSED } from "./support/hostile";
import { baseConfig } from "./support/config";

const PROJECT = "kube-observability";

/** Stack config as the engine hands it to the program: every value a string, objects as JSON. */
function engine(config: Record<string, unknown>, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) out[`${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return { ...out, ...extra };
}

/** Secrets the base config needs, so that a case fails for its own mistake only. */
const SECRETS = {
  [`${PROJECT}:grafanaAdminPassword`]: "not-a-real-password",
  [`${PROJECT}:alertingSecrets`]: JSON.stringify({
    "backend-chat": "https://hooks.example.com/a",
    "platform-chat": "https://hooks.example.com/b",
  }),
};

async function run(config: Record<string, string>): Promise<{ error: unknown; registered: readonly unknown[] }> {
  const registered = await installMocks(config, "test");
  const error = await programError();
  return { error, registered };
}

describe("the program refuses every refusing config of the tables before any resource", () => {
  beforeEach(() => {
    // Each case runs the program anew: index.ts is re-imported, @pulumi/pulumi (external) stays one instance.
    vi.resetModules();
  });

  it("the base config with its secrets runs (so each refusal below is the case's own)", async () => {
    const { error, registered } = await run(engine(baseConfig(), SECRETS));
    expect(error).toBeUndefined();
    expect(registered.length).toBeGreaterThan(0);
  });

  it.each(REFUSED.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { error, registered } = await run(engine(c.config, SECRETS));
    expect((error as Error).constructor.name).toBe("RunError");
    for (const path of c.paths) expect((error as Error).message).toContain(`  - ${path}: `);
    expect((error as Error).stack ?? "").not.toContain("node_modules/@pulumi/kubernetes");
    expect(registered).toEqual([]);
  });

  it("dashboards.delivery grafanaApi without grafanaApiUrl and grafanaApiToken", async () => {
    const { error, registered } = await run(engine({ ...baseConfig(), dashboards: { delivery: "grafanaApi" } }, SECRETS));
    expect((error as Error).message.split("\n").slice(1)).toEqual([
      "  - grafanaApiUrl: is required while dashboards.delivery is grafanaApi (the Grafana the dashboards are sent to); set it with `pulumi config set --secret grafanaApiUrl <url>`",
      "  - grafanaApiToken: is required while dashboards.delivery is grafanaApi (the Grafana the dashboards are sent to); set it with `pulumi config set --secret grafanaApiToken <token>`",
    ]);
    expect(registered).toEqual([]);
  });

  it("a Grafana API URL that is not a URL, reported without its value", async () => {
    const { error, registered } = await run(
      engine(
        { ...baseConfig(), dashboards: { delivery: "grafanaApi" } },
        { ...SECRETS, [`${PROJECT}:grafanaApiUrl`]: "grafana.internal:3000", [`${PROJECT}:grafanaApiToken`]: "glsa_not_a_token" },
      ),
    );
    expect((error as Error).message.split("\n").slice(1)).toEqual([
      "  - grafanaApiUrl: is not an http(s) URL such as https://grafana.example.com (the value is a secret and is not shown)",
    ]);
    expect(registered).toEqual([]);
  });

  it("a key in a misspelt config namespace is named with the key it probably meant", async () => {
    const { error, registered } = await run({
      ...engine(baseConfig(), SECRETS),
      "kube-observabilty:services": JSON.stringify([]),
    });
    expect((error as Error).message.split("\n").slice(1)).toEqual([
      '  - kube-observabilty:services: is in config namespace "kube-observabilty", which nothing reads; did you mean "kube-observability:services"?',
    ]);
    expect(registered).toEqual([]);
  });

  it("a missing Grafana admin password", async () => {
    const { [`${PROJECT}:grafanaAdminPassword`]: _, ...withoutPassword } = SECRETS;
    const { error, registered } = await run(engine(baseConfig(), withoutPassword));
    expect((error as Error).message).toContain("  - grafanaAdminPassword: is required while platform.grafana.enabled is true");
    expect(registered).toEqual([]);
  });
});
