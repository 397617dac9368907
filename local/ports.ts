/** Free TCP ports on 127.0.0.1, found by binding port 0, and a check that a chosen port is free. */
import { createServer } from "node:net";

/** The loopback address every local process listens on. */
export const HOST = "127.0.0.1";

/** Thrown when a port the user asked for is already taken; the message is for the user as is. */
export class PortTakenError extends Error {
  override name = "PortTakenError";
}

function bind(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(port, HOST, () => {
      const address = server.address();
      const bound = address !== null && typeof address === "object" ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port that was free on 127.0.0.1 a moment ago: the OS's pick for port 0. */
export function freePort(): Promise<number> {
  return bind(0);
}

/** `port` when it is free (a fresh free port for 0); otherwise a {@link PortTakenError} naming `what` wants it. */
export async function claimPort(port: number, what: string): Promise<number> {
  if (port === 0) return freePort();
  try {
    return await bind(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new PortTakenError(`port ${HOST}:${port} for ${what} is taken by another process; pick another port or stop that process`);
    }
    throw error;
  }
}
