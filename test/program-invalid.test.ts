import { expect, it } from "vitest";
import { installMocks, programError } from "./support/mocks";
import { engineConfig } from "./support/stack-config";
import { baseService } from "./support/config";
import { CONFIG_KEYS } from "../config";

it("bad stack config ends the program with every problem and its path, before any resource is registered", async () => {
  const broken = { ...baseService(), name: "Orders", metrics: { port: "http-metrics", interval: "5x" } };
  const registered = await installMocks(
    engineConfig("dev", {
      "kube-observability:services": [broken, { ...baseService(), name: "orders-api" }],
      "kube-observability:typo": 1,
    }),
  );
  const error = await programError();
  expect((error as Error).constructor.name).toBe("RunError");
  expect((error as Error).message).toBe(
    [
      "invalid stack config: 3 problems",
      `  - typo: unknown config key kube-observability:typo; allowed: ${CONFIG_KEYS.join(", ")}`,
      '  - services[0].name: "Orders" is not a DNS label; allowed: at most 63 of [a-z0-9-], starting and ending alphanumeric',
      '  - services[0].metrics.interval: "5x" is not a duration; use a Prometheus duration: whole numbers with units ms, s, m, h, d, w, y (e.g. 30s, 5m, 1h30m)',
    ].join("\n"),
  );
  expect(registered).toEqual([]);
});
