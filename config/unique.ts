/**
 * Checks over the whole input: its size, and that names which are unique as written stay unique
 * after every normalisation the generators apply (lowercasing, character replacement, joining).
 * A collision is refused naming both field paths, never resolved by one object overwriting another.
 */
import { show, type ConfigIssue, type IssueList } from "./errors";
import * as naming from "./naming";
import { LIMITS } from "./sinks";
import type { ServiceConfig } from "./types";

/**
 * Refuses input with more than {@link LIMITS.configNodes} values, counting a YAML alias each time it
 * is used (an alias bomb expands to billions), before anything walks it.
 */
export function sizeIssue(config: unknown): ConfigIssue | undefined {
  let count = 0;
  const stack: unknown[] = [config];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > LIMITS.configNodes) {
      return {
        path: "config",
        message: `the config holds more than ${LIMITS.configNodes} values (YAML aliases counted each time they are used); a stack's config is far smaller, so it is refused unread`,
      };
    }
    // One push per child: spreading a list of 200,000 overflows the call stack.
    const children = Array.isArray(v) ? v : typeof v === "object" && v !== null ? Object.values(v) : [];
    for (const c of children) stack.push(c);
  }
  return undefined;
}

interface Named {
  readonly value: string;
  readonly path: string;
}

/**
 * Reports, once per pair, two different values whose `key` is equal, naming both paths; `what`
 * says what the key is (e.g. "the dashboard ConfigMap name").
 */
function collisions(items: readonly Named[], key: (v: string) => string, what: string, rule: string, issues: IssueList): void {
  const first = new Map<string, Named>();
  const reported = new Set<string>();
  for (const item of items) {
    const k = key(item.value);
    const owner = first.get(k);
    if (owner === undefined) {
      first.set(k, item);
      continue;
    }
    if (owner.value === item.value) continue;
    const pair = `${owner.value}\u0000${item.value}`;
    if (reported.has(pair)) continue;
    reported.add(pair);
    issues.add(item.path, `${show(item.value)} and ${show(owner.value)} (${owner.path}) both give ${what} ${show(k)}; ${rule}`);
  }
}

/** Each team with the first path that names it: services' teams, then alerting.teams. */
function teamsWithPaths(services: readonly ServiceConfig[], paths: ReadonlyMap<ServiceConfig, string>, rawAlerting: unknown): Named[] {
  const out: Named[] = services.map((s) => ({ value: s.team, path: `${paths.get(s) ?? "services"}.team` }));
  const teams = typeof rawAlerting === "object" && rawAlerting !== null ? (rawAlerting as Record<string, unknown>).teams : undefined;
  if (typeof teams === "object" && teams !== null && !Array.isArray(teams)) {
    for (const name of Object.keys(teams).sort()) out.push({ value: name, path: `alerting.teams.${name}` });
  }
  return out;
}

const TEAM_RULE = "team names must differ after lowercasing and replacing every character but a-z, 0-9 and '-' with '-'";

/** Uniqueness after normalisation of team-derived and service-derived names. */
export function uniquenessIssues(
  services: readonly ServiceConfig[],
  paths: ReadonlyMap<ServiceConfig, string>,
  rawAlerting: unknown,
  issues: IssueList,
): void {
  const teams = teamsWithPaths(services, paths, rawAlerting).filter((t) => /^[A-Za-z0-9._-]{1,63}$/.test(t.value));
  collisions(teams, (t) => naming.dashboardConfigMapName(t, 0), "the dashboard ConfigMap name", TEAM_RULE, issues);
  collisions(teams, naming.grafanaFolderUid, "the Grafana folder uid", `${TEAM_RULE}, within their first 32 characters`, issues);
  // A team's ConfigMap bucket n is `<name>-<n>`: a team whose name is another's plus `-<digits>` could take it.
  const byConfigMap = new Map<string, Named>();
  for (const t of teams) {
    const name = naming.dashboardConfigMapName(t.value, 0);
    if (!byConfigMap.has(name)) byConfigMap.set(name, t);
  }
  const reported = new Set<string>();
  for (const [name, t] of byConfigMap) {
    const m = /^(.*)-([1-9][0-9]*)$/.exec(name);
    const base = m?.[1] !== undefined ? byConfigMap.get(m[1]) : undefined;
    if (m === null || base === undefined || reported.has(t.value)) continue;
    reported.add(t.value);
    issues.add(
      t.path,
      `${show(t.value)} gives the dashboard ConfigMap name ${show(name)}, which is the name of bucket ${m[2]} of team ${show(base.value)} (${base.path}) once its dashboards need more than one ConfigMap; rename one of the teams`,
    );
  }
  // promtool test files of SLOs are named `<service>-<slo>`.
  const sloFiles: Named[] = [];
  for (const s of services) {
    s.slos.forEach((slo, i) =>
      sloFiles.push({ value: `${s.name}\u0000${slo.name}`, path: `${paths.get(s) ?? "services"}.slos[${i}].name` }),
    );
  }
  const fileOf = (v: string): string => {
    const [service = "", slo = ""] = v.split("\u0000");
    return naming.sloTestFileName(service, slo);
  };
  const first = new Map<string, Named>();
  for (const item of sloFiles) {
    const file = fileOf(item.value);
    const owner = first.get(file);
    if (owner === undefined) first.set(file, item);
    else
      issues.add(
        item.path,
        `gives the SLO test file ${show(file)}, which ${owner.path} gives too (service and SLO names are joined with '-'); rename one of the SLOs`,
      );
  }
}
