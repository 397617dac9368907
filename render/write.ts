import * as fs from "node:fs";
import * as path from "node:path";
import type { RenderedFile } from "./index";

/** Marks a directory as render output, so that a re-render may clear it and nothing else. */
export const MARKER = ".kube-observability-render";

/** Thrown when the output directory cannot be used; the message is for the user as is. */
export class OutputDirError extends Error {
  override name = "OutputDirError";
}

/**
 * Writes rendered files under `outDir`, replacing a previous render there. A non-empty directory that
 * is not a previous render is refused, so a mistyped `--out` never deletes someone's files.
 */
export function writeRendered(outDir: string, files: readonly RenderedFile[]): void {
  if (fs.existsSync(outDir)) {
    const entries = fs.readdirSync(outDir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new OutputDirError(`${outDir} is not empty and is not a previous render (no ${MARKER}); choose another --out`);
    }
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, MARKER), "");
  const made = new Set<string>();
  for (const f of files) {
    const target = path.join(outDir, f.path);
    const parent = path.dirname(target);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(target, f.content);
  }
}
