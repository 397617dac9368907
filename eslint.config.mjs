// ESLint: typescript-eslint's recommended rules for every TypeScript file, and the layers' import
// boundaries. Prettier owns the layout; `npm run cycles` (dpdm) refuses import cycles, type-only ones too.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The flow, bottom up: format/ (serialisation) → config/ (parse and validate) → the pure generators,
 * each importing only those below it (rules/ → alerting/ and dashboards/ → manifests/) → generate/
 * (the stack's one generation) → render/, components/ (Pulumi), local/ (local stack and drill).
 * scripts/ and bench/ are entry points: nothing but their own files (and the tests) imports them.
 */
const FOLDERS = [
  "format",
  "config",
  "rules",
  "alerting",
  "dashboards",
  "manifests",
  "generate",
  "render",
  "components",
  "local",
  "scripts",
  "bench",
];
const PULUMI = ["@pulumi/*", "@pulumiverse/*"];

/** What each folder may import of ours; every folder may import its own files. */
const MAY_IMPORT = {
  format: [],
  config: ["format"],
  rules: ["config", "format"],
  alerting: ["config", "format", "rules"],
  dashboards: ["config", "format", "rules"],
  manifests: ["config", "format", "rules", "dashboards"],
  generate: ["config", "format", "rules", "alerting", "dashboards", "manifests"],
  render: ["config", "format", "rules", "alerting", "dashboards", "manifests", "generate"],
  components: ["config", "format", "rules", "alerting", "dashboards", "manifests", "generate"],
  local: ["config", "format", "rules", "alerting", "dashboards", "manifests", "generate", "render"],
};
/** Folders that may import Pulumi: only the components (and the program, index.ts, at the root). */
const MAY_IMPORT_PULUMI = new Set(["components"]);

function boundary(folder) {
  const allowed = new Set([folder, ...MAY_IMPORT[folder]]);
  const forbidden = FOLDERS.filter((f) => !allowed.has(f));
  const patterns = [
    {
      // A forbidden folder reached from anywhere inside this one: `../render`, `../../render/yaml`...
      regex: `^(\\.\\./)+(${forbidden.join("|")})(/.*)?$`,
      message: `${folder}/ may import only ${[...MAY_IMPORT[folder]].join(", ") || "its own files"} of ours (see eslint.config.mjs).`,
    },
  ];
  if (!MAY_IMPORT_PULUMI.has(folder)) patterns.push({ group: PULUMI, message: `${folder}/ never imports Pulumi: only components/ do.` });
  return { files: [`${folder}/**/*.ts`], rules: { "no-restricted-imports": ["error", { patterns }] } };
}

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "out/", "bench/results/", "examples/consumer/bin/", "examples/consumer/node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...Object.keys(MAY_IMPORT).map(boundary),
  {
    // Entry points are not libraries: only their own folder (and the tests) import them.
    files: ["examples/**/*.ts", "index.ts", "lib.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["**/scripts", "**/scripts/**", "**/bench", "**/bench/**"], message: "Nothing imports scripts/ or bench/." }],
        },
      ],
    },
  },
);
