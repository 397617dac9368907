export { AlertRouting, type AlertRoutingArgs } from "./alertmanager";
export { GrafanaDashboards, type GrafanaDashboardsArgs } from "./dashboards";
export { MonitoringPlatform, type MonitoringPlatformArgs } from "./platform";
export { ServiceMonitoring, type ServiceMonitoringArgs } from "./service";
export { monitoringStack, type MonitoringStack, type StackSecretInputs } from "./stack";
