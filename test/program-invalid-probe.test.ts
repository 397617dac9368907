import { expect, it } from "vitest";
import { installMocks, programError } from "./support/mocks";
import { engineConfig } from "./support/stack-config";
import { baseService } from "./support/config";

it("a probe SLO on a service without a probe ends the program at the SLO's kind, before any resource is registered", async () => {
  const service = { ...baseService(), slos: [{ name: "probe", kind: "probe", objective: 99.9, period: "7d" }] };
  const registered = await installMocks(engineConfig("dev", { "kube-observability:services": [service] }));
  const error = await programError();
  expect((error as Error).constructor.name).toBe("RunError");
  expect((error as Error).message).toBe(
    [
      "invalid stack config: 1 problem",
      "  - services[0].slos[0].kind: is probe, but the service has no probe; a probe SLO counts the service's synthetic probes: add probe: {url: ...} to the service, or use availability",
    ].join("\n"),
  );
  expect(registered).toEqual([]);
});
