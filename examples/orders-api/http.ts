/** Small HTTP helpers: replies as values, JSON bodies with a size limit, errors with a status. */
import type { IncomingMessage, Server, ServerResponse } from "node:http";

export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An error that becomes a reply with its status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function json(status: number, value: unknown, headers?: Readonly<Record<string, string>>): Reply {
  return {
    status,
    contentType: "application/json; charset=utf-8",
    body: `${JSON.stringify(value)}\n`,
    ...(headers === undefined ? {} : { headers }),
  };
}

export function errorReply(status: number, message: string, headers?: Readonly<Record<string, string>>): Reply {
  return json(status, { error: message }, headers);
}

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads and parses a JSON request body; 400 when it is not JSON, 413 when it is too large. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "request body is not valid JSON");
  }
}

export function send(res: ServerResponse, reply: Reply, closeConnection: boolean): void {
  if (res.destroyed || res.headersSent) return;
  res.statusCode = reply.status;
  res.setHeader("Content-Type", reply.contentType);
  res.setHeader("Content-Length", Buffer.byteLength(reply.body));
  // While the server shuts down, ask clients not to reuse the connection.
  if (closeConnection) res.setHeader("Connection", "close");
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.end(reply.body);
}

/** Listens on `host:port` (0: a free port) and returns the server's base URL. */
export async function listen(server: Server, host: string, port: number, service: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error(`${service}: server has no TCP address`);
  const h = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${h}:${address.port}`;
}

/** Stops accepting connections; requests in flight get `graceMs` to finish before their connections are cut. */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => {
      clearTimeout(cut);
      if (error === undefined) resolve();
      else reject(error);
    });
    server.closeIdleConnections();
  });
}
