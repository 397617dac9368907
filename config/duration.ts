/** A duration as written in config and in seconds. */
export interface Duration {
  readonly text: string;
  readonly seconds: number;
}

/** Prometheus duration units in seconds, largest first, as Prometheus orders them. */
const UNITS = [
  ["y", 365 * 24 * 3600],
  ["w", 7 * 24 * 3600],
  ["d", 24 * 3600],
  ["h", 3600],
  ["m", 60],
  ["s", 1],
  ["ms", 0.001],
] as const;

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** The longest duration Go's time.Duration holds (about 292 years). */
const MAX_DURATION_SECONDS = (2 ** 63 - 1) / 1e9;

/** Parses a Prometheus duration (`30s`, `1h30m`, `7d`) into seconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text === "" || text === "0") return text === "0" ? 0 : undefined;
  const m = DURATION.exec(text);
  if (!m) return undefined;
  let seconds = 0;
  UNITS.forEach(([, factor], i) => {
    const part = m[i + 1];
    if (part !== undefined) seconds += Number(part) * factor;
  });
  // Prometheus and Alertmanager hold durations as int64 nanoseconds and refuse anything longer.
  return seconds <= MAX_DURATION_SECONDS ? seconds : undefined;
}

/** Formats seconds as the shortest Prometheus duration (`3600` → `1h`, `5400` → `1h30m`). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  let ms = Math.round(seconds * 1000);
  let out = "";
  for (const [unit, factor] of UNITS) {
    if (unit === "y" || unit === "w") continue; // Days read better than weeks in rule names and windows.
    const unitMs = Math.round(factor * 1000);
    const n = Math.floor(ms / unitMs);
    if (n > 0) {
      out += `${n}${unit}`;
      ms -= n * unitMs;
    }
  }
  return out;
}

export const DURATION_HELP = "use a Prometheus duration: whole numbers with units ms, s, m, h, d, w, y (e.g. 30s, 5m, 1h30m)";

/** Whether `text` is written as a duration but is longer than Go's durations hold. */
export function durationTooLong(text: string): boolean {
  return DURATION.test(text) && parseDuration(text) === undefined && text !== "";
}
