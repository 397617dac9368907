import { describe, expect, it } from "vitest";
import { naming } from "../config";

describe("the firing-alerts selector", () => {
  it.each([
    ["with no matchers selects every firing alert", [], [], 'ALERTS{alertstate="firing"}'],
    [
      "puts the state first when every matcher comes after it",
      [],
      ['service="orders-api"'],
      'ALERTS{alertstate="firing",service="orders-api"}',
    ],
    [
      "keeps the matchers before and after the state in the caller's order",
      ['job="orders-api"', 'slo="availability"'],
      ['slo_tier="page-1h"'],
      'ALERTS{job="orders-api",slo="availability",alertstate="firing",slo_tier="page-1h"}',
    ],
    ["drops empty matchers", ['alertname="X"', ""], [""], 'ALERTS{alertname="X",alertstate="firing"}'],
  ])("%s", (_, before, after, expected) => {
    expect(naming.firingAlerts(before, after)).toBe(expected);
  });
});
