/** What the orders-api and load generator command lines share: number flags and shutdown signals. */

/** Prints a usage problem and exits with status 2, as command-line tools do. */
export function usageError(message: string, usage: string): never {
  process.stderr.write(`error: ${message}\n${usage}\n`);
  process.exit(2);
}

export interface NumberFlag {
  readonly min: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** Parses a number flag's text, or returns an error message naming the flag, the value and what is allowed. */
export function parseNumberFlag(name: string, raw: string, rule: NumberFlag): number | string {
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  const kind = rule.integer === true ? "an integer" : "a number";
  const range = rule.max === undefined ? `>= ${rule.min}` : `from ${rule.min} to ${rule.max}`;
  const ok =
    Number.isFinite(value) &&
    (rule.integer !== true || Number.isInteger(value)) &&
    value >= rule.min &&
    (rule.max === undefined || value <= rule.max);
  return ok ? value : `--${name}: got ${JSON.stringify(raw)}, want ${kind} ${range}`;
}

/**
 * Calls `stop` on the first SIGINT or SIGTERM; returns a function that removes the handlers. The
 * handlers stay installed until removed, so a later signal does not kill the process mid-shutdown.
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => void): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    stop(signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
