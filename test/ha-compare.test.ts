import { describe, expect, it } from "vitest";
import type { Sample } from "../local/drill/api";
import { compareSeries, compareWithReplicas } from "../local/drill/ha/compare";

/** The labels the store adds (external labels) and the replica label it drops. */
const IGNORE = new Set(["cluster", "prometheus", "prometheus_replica"]);
const series = (labels: Record<string, string>, values: [number, number][]): Sample => ({ metric: labels, values });
const path = (p: string, values: [number, number][], extra: Record<string, string> = {}): Sample => series({ path: p, ...extra }, values);

// Two replicas that disagree (each scraped at its own offset) and a store that kept, per point, one of them.
const replica0 = [
  path(
    "/orders",
    [
      [0, 10],
      [5, 12],
      [10, 14],
    ],
    { prometheus_replica: "p-0" },
  ),
];
const replica1 = [
  path(
    "/orders",
    [
      [0, 11],
      [5, 12.5],
      [10, 13],
    ],
    { prometheus_replica: "p-1" },
  ),
];

describe("global-query compares the store with the replica whose sample it kept", () => {
  it.each<{ name: string; store: Sample[]; worst: number; missing: number; gaps: number }>([
    {
      name: "a store that kept replica 0's sample at one time and replica 1's at another is the same",
      store: [
        path(
          "/orders",
          [
            [0, 10],
            [5, 12.5],
            [10, 14],
          ],
          { cluster: "c" },
        ),
      ],
      worst: 0,
      missing: 0,
      gaps: 0,
    },
    {
      name: "a store point that is neither replica's value is measured against the closer one",
      store: [
        path("/orders", [
          [0, 10],
          [5, 12],
          [10, 15],
        ]),
      ],
      worst: 1 / 15,
      missing: 0,
      gaps: 0,
    },
    {
      name: "a point a replica has and the store lacks is a gap",
      store: [
        path("/orders", [
          [0, 10],
          [5, 12],
        ]),
      ],
      worst: 0,
      missing: 0,
      gaps: 1,
    },
    {
      name: "a series the replicas have and the store lacks is missing",
      store: [],
      worst: 0,
      missing: 1,
      gaps: 0,
    },
    {
      name: "a series the store has and no replica has is missing",
      store: [...replica0, path("/health", [[0, 1]])],
      worst: 0,
      missing: 1,
      gaps: 0,
    },
  ])("$name", ({ store, worst, missing, gaps }) => {
    const c = compareWithReplicas(store, [replica0, replica1], IGNORE);
    expect(c.worst).toBeCloseTo(worst, 12);
    expect(c.missing).toHaveLength(missing);
    expect(c.gaps).toBe(gaps);
  });

  it("a series whose every point is NaN counts as no series (Prometheus returns it, VictoriaMetrics drops it)", () => {
    const nan = [
      path("/orders", [
        [0, Number.NaN],
        [5, Number.NaN],
      ]),
    ];
    expect(compareWithReplicas([], [nan, nan], IGNORE)).toMatchObject({ missing: [], gaps: 0, points: 0 });
  });

  it("the plain comparison with one replica reports what a user switching engines sees", () => {
    const c = compareSeries(
      [
        path("/orders", [
          [0, 10],
          [5, 12.5],
          [10, 14],
        ]),
      ],
      replica1,
      IGNORE,
    );
    expect(c.points).toBe(3);
    expect(c.worst).toBeCloseTo(1 / 11, 12);
    expect(c.worstAt).toContain("at 0: 10 vs 11");
  });
});
