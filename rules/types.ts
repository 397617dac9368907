/** A Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Prometheus alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  /** How long the alert stays firing after its condition clears (Prometheus 2.42 and later); none when absent. */
  readonly keep_firing_for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A rule of either kind; {@link isAlertingRule} tells them apart. */
export type Rule = RecordingRule | AlertingRule;

/** A rule group: evaluated in order, every `interval` (the global evaluation interval when unset). */
export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

/** One rule file: what `promtool check rules` reads and a PrometheusRule's `spec` holds. */
export interface RuleFile {
  /** File name without directory, e.g. `orders-api.yaml`. */
  readonly fileName: string;
  /** Owning service, or undefined for the platform file. */
  readonly service: string | undefined;
  readonly groups: readonly RuleGroup[];
}

/** True for an alerting rule, false for a recording rule. */
export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return "alert" in rule;
}
