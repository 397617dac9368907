/**
 * kube-observability as a package: the entry other teams import (`import ... from "kube-observability"`).
 *
 * The components and the spec (parse, validate, types, names) at the top level; the pure generators
 * under namespaces, and each also at its own import path (`kube-observability/rules`, `/alerting`,
 * `/dashboards`, `/manifests`, `/generate` (the whole stack's one generation), `/render`, `/spec`, `/components`). This file is not the Pulumi
 * program of this repository (that is `index.ts`, which reads stack config); importing it registers
 * no resource.
 *
 * @packageDocumentation
 */
export * from "./components";
export * from "./config";
export * as rules from "./rules";
export * as alerting from "./alerting";
export * as dashboards from "./dashboards";
export * as manifests from "./manifests";
export { generate, type Generated } from "./generate";
export { renderStack, SECRET_PLACEHOLDER, type RenderedFile } from "./render";
