/** Which failures of the local stack are the user's to fix, and their one-line messages. */
import { StackFileError } from "../render";
import { OutputDirError } from "../render/write";
import { AlertmanagerConfigError } from "./alertmanager-config";
import { HaShapeError } from "./ha/shape";
import { PortTakenError } from "./ports";
import { MissingBinaryError, StartError } from "./processes";
import { ServiceMonitorError } from "./scrape";

/** The message for a known failure (missing binary, taken port, failed start, unreadable render), else undefined. */
export function localErrorMessage(error: unknown): string | undefined {
  const known = [
    MissingBinaryError,
    StartError,
    PortTakenError,
    ServiceMonitorError,
    AlertmanagerConfigError,
    StackFileError,
    OutputDirError,
    HaShapeError,
  ];
  if (known.some((k) => error instanceof k)) return (error as Error).message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") return `a port is taken by another process: ${(error as Error).message}`;
  return undefined;
}
