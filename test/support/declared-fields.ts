import * as path from "node:path";
import ts from "typescript";
import { ROOT } from "./config";

/**
 * The typed models of every kind we render: kubernetes-models for the built-in kinds, and
 * `@kubernetes-models/prometheus-operator` (generated from the operator's CRDs; test/crd-schema.test.ts
 * checks it against the pinned v0.93.1 CRDs when ../shared is there) for the custom resources.
 */
const MODELS: Readonly<Record<string, readonly [module: string, type: string]>> = {
  "v1/ConfigMap": ["kubernetes-models/v1/ConfigMap", "IConfigMap"],
  "v1/Namespace": ["kubernetes-models/v1/Namespace", "INamespace"],
  "v1/Secret": ["kubernetes-models/v1/Secret", "ISecret"],
  "networking.k8s.io/v1/NetworkPolicy": ["kubernetes-models/networking.k8s.io/v1/NetworkPolicy", "INetworkPolicy"],
  "monitoring.coreos.com/v1/ServiceMonitor": [
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor",
    "IServiceMonitor",
  ],
  "monitoring.coreos.com/v1/PrometheusRule": [
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule",
    "IPrometheusRule",
  ],
  "monitoring.coreos.com/v1/Prometheus": ["@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Prometheus", "IPrometheus"],
  "monitoring.coreos.com/v1/Probe": ["@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Probe", "IProbe"],
  "monitoring.coreos.com/v1alpha1/AlertmanagerConfig": [
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig",
    "IAlertmanagerConfig",
  ],
};

/** `apiVersion/kind`, the key of {@link MODELS}. */
export const kindKey = (o: Record<string, unknown>): string => `${String(o.apiVersion)}/${String(o.kind)}`;

export const modelledKinds = (): string[] => Object.keys(MODELS);

/** One type checker over the model declarations, built once per test file (about two seconds). */
export class Models {
  private readonly checker: ts.TypeChecker;
  private readonly types = new Map<string, ts.Type>();

  constructor() {
    const file = path.join(ROOT, "test", "support", "__models__.ts");
    const entries = Object.entries(MODELS);
    const source = entries
      .map(([, [module, type]], i) => `import type { ${type} as T${i} } from "${module}";\nexport type M${i} = T${i};`)
      .join("\n");
    const options: ts.CompilerOptions = {
      strict: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      noEmit: true,
      skipLibCheck: true,
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      path.resolve(name) === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
    const program = ts.createProgram([file], options, host);
    this.checker = program.getTypeChecker();
    const sf = program.getSourceFile(file);
    if (sf === undefined) throw new Error("model declarations did not load");
    const problems = ts.getPreEmitDiagnostics(program, sf);
    if (problems.length > 0) throw new Error(ts.flattenDiagnosticMessageText(problems[0]!.messageText, "\n"));
    const aliases = sf.statements.filter(ts.isTypeAliasDeclaration);
    entries.forEach(([key], i) => {
      const alias = aliases.find((a) => a.name.text === `M${i}`);
      if (alias !== undefined) this.types.set(key, this.checker.getTypeAtLocation(alias.name));
    });
  }

  /** The model type of a kind, undefined when we have none. */
  type(key: string): ts.Type | undefined {
    return this.types.get(key);
  }

  /**
   * Fields of a value that its model does not declare, as `path: why` lines. Maps (index signatures) take any
   * key; `unknown`/`any` fields (free-form JSON in the schema) are not walked.
   */
  undeclared(value: unknown, type: ts.Type, at = ""): string[] {
    const t = this.objectPart(type);
    if (t === undefined || value === null || typeof value !== "object") return [];
    if (Array.isArray(value)) {
      const item = this.checker.getIndexTypeOfType(t, ts.IndexKind.Number);
      return item === undefined ? [] : value.flatMap((v, i) => this.undeclared(v, item, `${at}[${i}]`));
    }
    const map = this.checker.getIndexTypeOfType(t, ts.IndexKind.String);
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const where = at === "" ? k : `${at}.${k}`;
      if (map !== undefined) return this.undeclared(v, map, where);
      const prop = this.checker.getPropertyOfType(t, k);
      if (prop === undefined) return [`${where}: not a field of ${this.checker.typeToString(t)}`];
      return this.undeclared(v, this.checker.getTypeOfSymbol(prop), where);
    });
  }

  /**
   * Every field path a model declares (`spec.endpoints[].port`; `{}` marks a map's values), for comparing the
   * model with a CRD schema. A type met again on its own path (a recursive type) is not expanded again.
   */
  fieldPaths(type: ts.Type, at = "", seen: readonly ts.Type[] = []): string[] {
    const t = this.objectPart(type);
    if (t === undefined || seen.includes(t)) return [];
    const inner = [...seen, t];
    const item = this.checker.isArrayType(t) ? this.checker.getIndexTypeOfType(t, ts.IndexKind.Number) : undefined;
    if (item !== undefined) return this.fieldPaths(item, `${at}[]`, inner);
    const map = this.checker.getIndexTypeOfType(t, ts.IndexKind.String);
    if (map !== undefined) return this.fieldPaths(map, `${at}{}`, inner);
    return this.checker.getPropertiesOfType(t).flatMap((p) => {
      const where = at === "" ? p.name : `${at}.${p.name}`;
      return [where, ...this.fieldPaths(this.checker.getTypeOfSymbol(p), where, inner)];
    });
  }

  /** The object type inside `T | undefined | null`, or undefined for scalars, `any` and `unknown`. */
  private objectPart(type: ts.Type): ts.Type | undefined {
    const parts = type.isUnion() ? type.types : [type];
    return parts.find((p) => (p.flags & ts.TypeFlags.Object) !== 0);
  }
}
