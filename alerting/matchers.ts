import { promqlString, re2Literal } from "../config";

/**
 * Alertmanager matcher text (`name="value"`, `name=~"a|b"`). Values are team, service and alert
 * names, whose checkers allow only [A-Za-z0-9._-], so the PromQL quoting is also Alertmanager's.
 */
export function eq(name: string, value: string): string {
  return `${name}=${promqlString(value)}`;
}

/** Regex matcher over alternatives; one value gives an equality matcher. */
export function oneOf(name: string, values: readonly string[]): string {
  if (values.length === 1 && values[0] !== undefined) return eq(name, values[0]);
  return `${name}=~${promqlString(values.map(re2Literal).join("|"))}`;
}

/** A matcher that requires the label to be set. */
export function present(name: string): string {
  return `${name}=~".+"`;
}
