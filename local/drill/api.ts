/** Small clients of the Prometheus and Alertmanager HTTP APIs the drill reads. */

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  /** [unix seconds, value] pairs. */
  readonly values: readonly (readonly [number, number])[];
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

function data(body: unknown): { resultType?: string; result?: unknown[] } {
  const d = (body as { data?: { resultType?: string; result?: unknown[] } }).data;
  return d ?? {};
}

function toSamples(result: unknown[] | undefined): Sample[] {
  return (result ?? []).map((r) => {
    const x = r as { metric?: Record<string, string>; value?: [number, string]; values?: [number, string][] };
    const pairs = x.values ?? (x.value ? [x.value] : []);
    return { metric: x.metric ?? {}, values: pairs.map(([t, v]) => [t, Number(v)] as const) };
  });
}

/** An instant query; one sample per series. */
export async function query(prometheus: string, expr: string, at?: number): Promise<Sample[]> {
  const params = new URLSearchParams({ query: expr, ...(at === undefined ? {} : { time: String(at / 1000) }) });
  return toSamples(data(await getJson(`${prometheus}/api/v1/query?${params}`)).result);
}

/** A range query between two times in ms, with a step in seconds. */
export async function queryRange(prometheus: string, expr: string, startMs: number, endMs: number, stepS: number): Promise<Sample[]> {
  const params = new URLSearchParams({ query: expr, start: String(startMs / 1000), end: String(endMs / 1000), step: String(stepS) });
  return toSamples(data(await getJson(`${prometheus}/api/v1/query_range?${params}`)).result);
}

/** An alert as Alertmanager's v2 API lists it. */
export interface AmAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: string;
  readonly inhibitedBy: readonly string[];
}

/** Every alert Alertmanager holds, active, suppressed or not. */
export async function alertmanagerAlerts(alertmanager: string): Promise<AmAlert[]> {
  const body = await getJson(`${alertmanager}/api/v2/alerts`);
  return (Array.isArray(body) ? body : []).map((a: unknown) => {
    const x = a as { labels?: Record<string, string>; status?: { state?: string; inhibitedBy?: string[] } };
    return { labels: x.labels ?? {}, state: x.status?.state ?? "", inhibitedBy: x.status?.inhibitedBy ?? [] };
  });
}
