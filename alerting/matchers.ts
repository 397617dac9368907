/** Alertmanager matcher text (`name="value"`, `name=~"a|b"`), values quoted as Alertmanager parses them. */
export function eq(name: string, value: string): string {
  return `${name}=${JSON.stringify(value)}`;
}

/** Regex matcher over alternatives; one value gives an equality matcher. */
export function oneOf(name: string, values: readonly string[]): string {
  if (values.length === 1 && values[0] !== undefined) return eq(name, values[0]);
  return `${name}=~${JSON.stringify(values.map(escapeRegex).join("|"))}`;
}

/** A matcher that requires the label to be set. */
export function present(name: string): string {
  return `${name}=~".+"`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
