export { STOREFRONT_BUCKETS, STOREFRONT_SERVICE, METRICS_PATH, startStorefront, type Storefront, type StorefrontOptions } from "./server";
export { runStorefrontLoad, type StorefrontLoadOptions, type StorefrontLoadReport } from "./load";
