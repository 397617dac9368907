/**
 * Supervision of the local stack's server processes (Prometheus, Alertmanager): each runs in its own
 * process group with its output in a log file, is ready when its `/-/ready` answers, and is stopped
 * with SIGTERM, then SIGKILL, to the whole group. Every live child is also killed when this process
 * exits for any reason, so a crash leaves no stray server behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { get } from "node:http";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TOOL_BINARIES, toolBinary } from "../render/tools";

/** Thrown when a server binary is not installed; the message names the package that provides it. */
export class MissingBinaryError extends Error {
  override name = "MissingBinaryError";
}

/** Thrown when a server does not start or does not become ready; the message quotes its log. */
export class StartError extends Error {
  override name = "StartError";
}

export interface ProcessConfig {
  /** Name for messages, e.g. `prometheus`. */
  readonly name: string;
  /** Executable name, looked up on PATH. */
  readonly binary: string;
  /** Debian/Ubuntu package that installs the binary. */
  readonly aptPackage: string;
  readonly args: readonly string[];
  /** File the process's stdout and stderr are appended to. */
  readonly logFile: string;
  /** URL that answers 200 once the server is ready. */
  readonly readyUrl: string;
  /** How long to wait for readiness. Defaults to 30 s. */
  readonly readyTimeoutMs?: number;
}

/** A running server process. */
export interface Supervised {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Whether the process is still running. */
  running(): boolean;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the process group; SIGKILL after `graceMs` (default 10 s). Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let guardInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every live child when this process exits, however it exits. */
function installExitGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  process.on("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
  });
}

/**
 * The binary's path: the one its environment variable names (`PROMETHEUS_BIN`, `ALERTMANAGER_BIN`...), else
 * the one on PATH; or a {@link MissingBinaryError} naming the apt package or the variable.
 */
export function findBinary(binary: string, aptPackage: string): string {
  const given = toolBinary(binary);
  if (given !== binary) {
    try {
      fs.accessSync(given, fs.constants.X_OK);
      return given;
    } catch {
      const variable = (TOOL_BINARIES as Readonly<Record<string, string>>)[binary] ?? "";
      throw new MissingBinaryError(`${given} (from ${variable}) is not an executable file; set ${variable} to the path of ${binary}`);
    }
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  throw new MissingBinaryError(
    `${binary} is not installed (not found on PATH): install it with \`sudo apt-get install ${aptPackage}\` (or run scripts/setup.sh)`,
  );
}

/** The last lines of a log file, for error messages. */
export function logTail(file: string, lines = 8): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** GET `url` answers 200. node:http rather than fetch, which refuses some ports a user may pick. */
function isReady(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/** Checks that every binary is installed; one {@link MissingBinaryError} names all that are missing. */
export function requireBinaries(binaries: readonly { readonly binary: string; readonly aptPackage: string }[]): void {
  const missing = binaries.filter((b) => {
    try {
      findBinary(b.binary, b.aptPackage);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 1 && missing[0]) findBinary(missing[0].binary, missing[0].aptPackage);
  if (missing.length > 1) {
    throw new MissingBinaryError(
      `${missing.map((m) => m.binary).join(" and ")} are not installed (not found on PATH): install them with \`sudo apt-get install ${missing.map((m) => m.aptPackage).join(" ")}\` (or run scripts/setup.sh)`,
    );
  }
}

/** Starts a server process and waits until it is ready; on failure nothing is left running. */
export async function startProcess(spec: ProcessConfig): Promise<Supervised> {
  const binary = findBinary(spec.binary, spec.aptPackage);
  installExitGuard();
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const log = fs.openSync(spec.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(binary, [...spec.args], { detached: true, stdio: ["ignore", log, log] });
  } finally {
    fs.closeSync(log);
  }
  live.add(child);
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", () => {
      live.delete(child);
      resolve("spawn failed");
    });
  });
  const handle: Supervised = {
    name: spec.name,
    pid: child.pid ?? -1,
    logFile: spec.logFile,
    running: () => live.has(child),
    exited,
    async stop(graceMs = 10_000) {
      if (!live.has(child)) return;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (spec.readyTimeoutMs ?? 30_000);
  let exitedEarly: number | string | undefined;
  void exited.then((code) => {
    exitedEarly = code;
  });
  while (Date.now() < deadline) {
    if (exitedEarly !== undefined) break;
    if (await isReady(spec.readyUrl)) return handle;
    await sleep(200);
  }
  const timedOut = exitedEarly === undefined;
  await handle.stop(2_000);
  const tail = logTail(spec.logFile);
  const reason = !timedOut
    ? `exited (${exitedEarly}) before it was ready`
    : `was not ready at ${spec.readyUrl} within ${Math.round((spec.readyTimeoutMs ?? 30_000) / 1000)} s`;
  const hint = /address already in use/.test(tail) ? "\nits port is taken by another process." : "";
  throw new StartError(`${spec.name} ${reason}; last lines of ${spec.logFile}:\n${tail.replace(/^/gm, "  ")}${hint}`);
}
