/** Command-line options through node's `parseArgs`, with every problem reported as one line, and the run wrapper. */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The values of `options` as `parseArgs` types them: a string or true for each given option. */
export type OptionValues<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>["values"];

/**
 * Parses `--name value`, `--name=value` and `--switch` options; no positional arguments. Every unknown
 * option, missing value, value given to a switch and stray argument is one line in `errors` (all of
 * them, not the first only: `parseArgs` in strict mode throws at the first), and `values` is empty then.
 */
export function parseOptions<const O extends Options>(argv: readonly string[], options: O): { values: OptionValues<O>; errors: string[] } {
  const errors = problems(argv, options);
  if (errors.length > 0) return { values: {} as OptionValues<O>, errors };
  // Every token is known and complete now, so the strict parse, which types the values, does not throw.
  return { values: parseArgs({ args: [...argv], options, strict: true }).values, errors };
}

function problems(argv: readonly string[], options: Options): string[] {
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const errors: string[] = [];
  for (const [i, t] of tokens.entries()) {
    if (t.kind === "option-terminator") errors.push("unexpected argument --");
    else if (t.kind === "positional") {
      const before = tokens[i - 1];
      // The value of an unknown option was reported with it.
      const valueOfUnknown = before?.kind === "option" && !(before.name in options) && before.inlineValue === undefined;
      if (!valueOfUnknown) errors.push(`unexpected argument ${JSON.stringify(t.value)}`);
    } else {
      const o = options[t.name];
      if (o === undefined) errors.push(`unknown option ${t.rawName}; allowed: ${allowedOptions(options)}`);
      else if (o.type === "string" && t.value === undefined) errors.push(`${t.rawName} needs a value`);
      else if (o.type === "string" && t.inlineValue === false && t.value !== undefined && isOptionLike(t.value)) {
        // `--stack --out x`: parseArgs took `--out` for the value; the rest is read again from `--out` on.
        errors.push(`${t.rawName} needs a value`);
        return [...errors, ...problems(argv.slice(t.index + 1), options)];
      } else if (o.type === "boolean" && t.inlineValue === true) errors.push(`${t.rawName} takes no value`);
    }
  }
  return errors;
}

/** What parseArgs in strict mode refuses as the next argument's value: it looks like an option. */
const isOptionLike = (value: string): boolean => value.length > 1 && value.startsWith("-");

const allowedOptions = (options: Options): string =>
  Object.keys(options)
    .map((name) => `--${name}`)
    .join(", ");

/**
 * {@link parseOptions} for a command with nothing to clean up: on any problem it prints each one on a
 * line after `command: `, then `usage`, and exits 2.
 */
export function optionsOrExit<const O extends Options>(
  command: string,
  usage: string,
  argv: readonly string[],
  options: O,
): OptionValues<O> {
  const { values, errors } = parseOptions(argv, options);
  if (errors.length === 0) return values;
  process.exit(usageError(command, usage, errors));
}

/** Prints each problem on its own line after `command: `, then `usage`; returns the exit code for bad usage, 2. */
export function usageError(command: string, usage: string, errors: readonly string[]): number {
  for (const e of errors) console.error(`${command}: ${e}`);
  console.error(usage);
  return 2;
}

/** Runs an async command's `main` and sets the exit code; an error ends it with one line, never a stack trace. */
export function runMain(command: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${command}: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
