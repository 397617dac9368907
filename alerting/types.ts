/** Alertmanager configuration as plain data, in Alertmanager's own field names (0.25 and later). */

/** A route of the routing tree. */
export interface AmRoute {
  readonly receiver?: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly mute_time_intervals?: readonly string[];
  readonly active_time_intervals?: readonly string[];
  readonly routes?: readonly AmRoute[];
}

/** An inhibition: alerts matching `target_matchers` are muted while one matching `source_matchers` fires with the same `equal` labels. */
export interface AmInhibitRule {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal: readonly string[];
}

/** A receiver: its name and one list of integration configs (`pagerduty_configs`, `slack_configs`...). */
export interface AmReceiver {
  readonly name: string;
  readonly [integration: string]: unknown;
}

/** One range of a time interval; a field left out matches every time, weekday, day, month or year. */
export interface AmTimeRange {
  readonly times?: readonly { readonly start_time: string; readonly end_time: string }[];
  readonly weekdays?: readonly string[];
  readonly days_of_month?: readonly string[];
  readonly months?: readonly string[];
  readonly years?: readonly string[];
  readonly location?: string;
}

/** A named time interval that routes name in `active_time_intervals` or `mute_time_intervals`. */
export interface AmTimeInterval {
  readonly name: string;
  readonly time_intervals: readonly AmTimeRange[];
}

/** The whole `alertmanager.yaml`. */
export interface AlertmanagerConfig {
  readonly global: Readonly<Record<string, unknown>>;
  readonly route: AmRoute;
  readonly receivers: readonly AmReceiver[];
  readonly inhibit_rules: readonly AmInhibitRule[];
  readonly time_intervals?: readonly AmTimeInterval[];
}

/** Credentials keyed by name (see {@link credentials}); the values are real secrets or placeholders. */
export type Credentials = Readonly<Record<string, string>>;
