/** One HA drill run: the drill's context plus the HA stack's members and the store. */
import { setTimeout as sleep } from "node:timers/promises";
import { Severity } from "../../../config";
import type { Generated } from "../../../generate";
import type { HaStack } from "../../ha";
import { query } from "../api";
import { Drill } from "../context";

/** What the HA report shows beside the drill's figures; filled in by the scenario. */
export interface HaMeasures {
  /** Samples of the service's series over the compared range: in the store, and in each replica. */
  samples?: { readonly store: number; readonly replicas: readonly number[]; readonly series: number; readonly rangeS: number };
  /** Fault → the remote-write alert firing in Prometheus, ms. */
  remoteWriteAlertMs?: number;
  /** Store back → every replica's backlog sent, ms. */
  drainedMs?: number;
  /** Page notifications after the recovery with vmalert as the engine. */
  vmalertPagesAfterRecovery?: number;
  /** Dashboard panel queries compared, and how many gave the same series within 1%. */
  panels?: {
    readonly compared: number;
    readonly same: number;
    /** Worst difference of the check (store against the replica whose sample it kept), %. */
    readonly worstPct: number;
    /** Worst difference of the same query text, store against replica 0, %. */
    readonly sameTextWorstPct: number;
    readonly figures: readonly PanelFigure[];
  };
}

/** One panel query's figures: the check against the replicas, and the plain comparison with replica 0. */
export interface PanelFigure {
  readonly title: string;
  readonly ok: boolean;
  /** No series in any engine (kubelet or kube-state-metrics series, or last week's data). */
  readonly empty: boolean;
  /** Worst difference, store against the replica whose sample it kept (the check), %. */
  readonly checkPct: number;
  /** Worst difference of the same query text, store against replica 0 (what a user switching sees), %. */
  readonly sameTextPct: number;
  /** Worst difference between the two replicas themselves, %. */
  readonly replicasPct: number;
  readonly detail: string;
}

export class HaDrill extends Drill {
  readonly measures: HaMeasures = {};
  /** Receivers by alert name and severity, asked of amtool before the fault (see {@link warmUp}). */
  private readonly receivers = new Map<string, string[]>();

  constructor(
    readonly ha: HaStack,
    generated: Generated,
    service: string,
    log: (line: string) => void,
  ) {
    super(ha, generated, service, log);
  }

  /**
   * Asks amtool for the receivers of the service's page alerts before the warm-up, one at a time.
   * amtool runs synchronously and six stacks share this process: run during an incident it would hold
   * up the sinks (Alertmanager then retries and delivers twice) and the demo services (scrapes fail).
   */
  override async warmUp(minMs?: number): Promise<void> {
    for (const alert of new Set(this.pageRules().map((r) => r.alert))) {
      this.receiversFor(alert, Severity.page);
      await sleep(100);
    }
    await super.warmUp(minMs);
  }

  override receiversFor(alertname: string, severity: string): string[] {
    const key = `${alertname}|${severity}`;
    const known = this.receivers.get(key);
    if (known) return known;
    const found = super.receiversFor(alertname, severity);
    this.receivers.set(key, found);
    return found;
  }

  /** Seconds each replica's remote write is behind its newest sample (undefined: the replica did not answer). */
  async remoteWriteLag(): Promise<(number | undefined)[]> {
    return Promise.all(
      this.ha.ha.prometheus.map(async (url) => {
        const res = await query(
          url,
          // Each replica's own queue only: the instance it scrapes itself at.
          `max(prometheus_remote_storage_highest_timestamp_in_seconds{instance="${new URL(url).host}"} - ignoring (remote_name, url) group_right prometheus_remote_storage_queue_highest_sent_timestamp_seconds{instance="${new URL(url).host}"})`,
        ).catch(() => undefined);
        return res?.[0]?.values[0]?.[1];
      }),
    );
  }

  /**
   * The member that notifies first: Alertmanager orders the cluster by peer name and member n waits
   * n × peer_timeout before it sends what no one before it has. Undefined when no member answers.
   */
  async firstNotifier(): Promise<number | undefined> {
    const statuses = await Promise.all(
      this.ha.ha.alertmanager.map(async (u) => {
        try {
          const res = await fetch(`${u}/api/v2/status`, { signal: AbortSignal.timeout(5_000) });
          return (await res.json()) as { cluster?: { name?: string; peers?: { name?: string }[] } };
        } catch {
          return undefined;
        }
      }),
    );
    const names = statuses.map((s) => s?.cluster?.name);
    const all = [...new Set(statuses.flatMap((s) => s?.cluster?.peers?.map((p) => p.name ?? "") ?? []))].sort();
    const first = all.find((n) => names.includes(n));
    return first === undefined ? undefined : names.indexOf(first);
  }
}
