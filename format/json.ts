import { sortKeys } from "./keys";

/** Pretty JSON with sorted keys and a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
