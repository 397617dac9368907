export { DEFAULTS, RECORDED_QUANTILES } from "./defaults";
export { formatDuration, parseDuration } from "./duration";
export { SpecError, formatIssues, type SpecIssue } from "./errors";
export { CONFIG_KEYS, SECRET_KEYS, checkStack, parseStack, type StackInput } from "./parse";
export type { Duration } from "./read";
export * from "./types";
export * as naming from "./naming";
