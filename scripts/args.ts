/** Parses `--name value` flags; unknown flags and missing values are reported, not guessed. */
export function parseFlags(argv: readonly string[], allowed: readonly string[]): { flags: Record<string, string>; errors: string[] } {
  const flags: Record<string, string> = {};
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || m[1] === undefined) {
      errors.push(`unexpected argument ${JSON.stringify(arg)}`);
      continue;
    }
    const name = m[1];
    if (!allowed.includes(name)) {
      errors.push(`unknown option --${name}; allowed: ${allowed.map((a) => `--${a}`).join(", ")}`);
      if (m[2] === undefined && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) i++; // its value
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith("--")) {
      errors.push(`--${name} needs a value`);
      if (value !== undefined) i--;
      continue;
    }
    flags[name] = value;
  }
  return { flags, errors };
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
