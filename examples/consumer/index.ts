/**
 * The checkout team's monitoring, as another team writes it: one service described in code, validated
 * by the package (every problem at once, before any resource), then the whole stack from one call.
 * Secrets come from Pulumi secret config and stay secret Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { checkStack, formatIssues, monitoringStack, naming, type ServiceConfig } from "kube-observability";
import { isAlertingRule, ruleFiles } from "kube-observability/rules";

const config = new pulumi.Config();

const checked = checkStack({
  stack: pulumi.getStack(),
  config: {
    platform: {
      runbookBaseUrl: "https://runbooks.example.com/checkout",
      prometheus: { retention: "30d" },
    },
    services: [
      {
        name: "checkout-api",
        namespace: "checkout",
        team: "checkout",
        selector: { "app.kubernetes.io/name": "checkout-api" },
        metrics: { port: "http-metrics" },
        http: {
          requests: { metric: "http_requests_total" },
          duration: { metric: "http_request_duration_seconds", buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5] },
        },
        slos: [
          { name: "availability", kind: "availability", objective: 99.9 },
          { name: "latency", kind: "latency", objective: 99, threshold: 0.5 },
        ],
      },
    ],
    alerting: {
      heartbeat: { type: "url" },
      teams: {
        platform: { chat: { type: "webhook" } },
        checkout: { pager: { type: "pagerduty" }, chat: { type: "slack", channel: "#checkout-alerts" } },
      },
    },
  },
});
if (checked.spec === undefined) throw new pulumi.RunError(formatIssues(checked.issues));
const spec = checked.spec;

// The checkout cluster's own provider (a program that creates its cluster makes one from the cluster's
// kubeconfig): every Kubernetes resource of the stack goes through it, none through the default provider.
const cluster = new k8s.Provider("checkout-cluster", { kubeconfig: config.get("kubeconfig") ?? "" });

const stack = monitoringStack(
  spec,
  {
    grafanaAdminPassword: config.requireSecret("grafanaAdminPassword"),
    alertingCredentials: config.requireSecretObject<Record<string, string>>("alertingSecrets"),
  },
  { provider: cluster },
);

const service: ServiceConfig | undefined = spec.services[0];
export const monitoringNamespace = stack.platform.namespace;
export const ruleObject = service === undefined ? undefined : naming.serviceObjectName(service);
/** The alert names the checkout team's runbooks must cover, straight from the generators. */
export const alertNames = [
  ...new Set(ruleFiles(spec).flatMap((f) => f.groups.flatMap((g) => g.rules.filter(isAlertingRule).map((r) => r.alert)))),
].sort();
