export { startOrdersApi, type OrdersApi, type OrdersApiOptions } from "./server";
export { runLoad, DEFAULT_MIX, RequestKind, type LoadOptions, type LoadReport } from "./load";
export { DURATION_BUCKETS, httpLabel, metricName, PaymentFailureReason, UNMATCHED_PATH } from "./metrics";
export { CardToken } from "./payments";
export { MAX_LATENCY_MS } from "./database";
