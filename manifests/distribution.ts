import { Distribution } from "../config";

/** What a cluster lets Prometheus see of its control plane and DNS. */
export interface DistributionProfile {
  /** kube-scheduler, kube-controller-manager and etcd are scrapeable (self-managed control plane). */
  readonly controlPlane: boolean;
  /** kube-proxy exposes metrics on the node address. */
  readonly kubeProxy: boolean;
  /** The cluster DNS is kube-dns rather than CoreDNS. */
  readonly kubeDns: boolean;
}

/**
 * Per distribution, as data. Monitors of components a platform hides never get a target, so their
 * `...Down` alerts (KubeSchedulerDown, KubeControllerManagerDown, etcd, KubeProxyDown) would page
 * forever; they and their rule groups are turned off.
 */
export const DISTRIBUTIONS: Readonly<Record<Distribution, DistributionProfile>> = {
  [Distribution.kubeadm]: { controlPlane: true, kubeProxy: true, kubeDns: false },
  // EKS runs kube-proxy as a DaemonSet with metrics on 0.0.0.0:10249.
  [Distribution.eks]: { controlPlane: false, kubeProxy: true, kubeDns: false },
  // GKE: Dataplane V2 has no kube-proxy, the legacy one serves metrics on localhost only; DNS is kube-dns.
  [Distribution.gke]: { controlPlane: false, kubeProxy: false, kubeDns: true },
  [Distribution.aks]: { controlPlane: false, kubeProxy: false, kubeDns: false },
  // k3s embeds scheduler, controller manager, proxy and (sqlite or etcd) in one process, metrics off by default.
  [Distribution.k3s]: { controlPlane: false, kubeProxy: false, kubeDns: false },
};

/** The chart values that follow from a distribution: component monitors and the matching default rule groups. */
export function distributionValues(distribution: Distribution): {
  components: Record<"coreDns" | "kubeControllerManager" | "kubeDns" | "kubeEtcd" | "kubeProxy" | "kubeScheduler", { enabled: boolean }>;
  rules: Record<"etcd" | "kubeControllerManager" | "kubeProxy" | "kubeSchedulerAlerting" | "kubeSchedulerRecording", boolean>;
} {
  const d = DISTRIBUTIONS[distribution];
  return {
    components: {
      coreDns: { enabled: !d.kubeDns },
      kubeControllerManager: { enabled: d.controlPlane },
      kubeDns: { enabled: d.kubeDns },
      kubeEtcd: { enabled: d.controlPlane },
      kubeProxy: { enabled: d.kubeProxy },
      kubeScheduler: { enabled: d.controlPlane },
    },
    rules: {
      etcd: d.controlPlane,
      kubeControllerManager: d.controlPlane,
      kubeProxy: d.kubeProxy,
      kubeSchedulerAlerting: d.controlPlane,
      kubeSchedulerRecording: d.controlPlane,
    },
  };
}
