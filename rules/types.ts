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

/**
 * An alerting rule with what later steps need to know of it, said by the generator that wrote it:
 * nothing reads it back out of the PromQL.
 */
export interface GeneratedAlert {
  readonly rule: AlertingRule;
  /** The owning service, or undefined for a platform alert. */
  readonly service: string | undefined;
  /**
   * Labels a firing alert of the rule carries: the labels its expression keeps and pins with equality
   * matchers, then the rule's labels, then `alertname`.
   */
  readonly labels: Readonly<Record<string, string>>;
  /** The number the expression compares its value against; undefined for an alert without one. */
  readonly threshold: number | undefined;
}

/** Rule groups as Prometheus reads them, and the alerts among their rules with their facts. */
export interface GeneratedRules {
  readonly groups: readonly RuleGroup[];
  readonly alerts: readonly GeneratedAlert[];
}

/** A {@link GeneratedAlert} of `rule`, whose expression keeps the `pinned` labels. */
export function generatedAlert(
  rule: AlertingRule,
  service: string | undefined,
  pinned: Readonly<Record<string, string>>,
  threshold?: number,
): GeneratedAlert {
  return { rule, service, labels: { ...pinned, ...rule.labels, alertname: rule.alert }, threshold };
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
  /** The alerting rules of `groups`, with their facts, in group order. */
  readonly alerts: readonly GeneratedAlert[];
}

/** True for an alerting rule, false for a recording rule. */
export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return "alert" in rule;
}
