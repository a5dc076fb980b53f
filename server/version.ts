/** The package's version, read once from its package.json (the CLI is a bundle, so not imported at build time). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const cache = new Map<string, string>();

/** `version` of `<packageRoot>/package.json`, or "unknown" when it cannot be read. */
export function packageVersion(packageRoot: string): string {
  let version = cache.get(packageRoot);
  if (version === undefined) {
    try {
      version = String((JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version?: unknown }).version ?? "unknown");
    } catch {
      version = "unknown";
    }
    cache.set(packageRoot, version);
  }
  return version;
}
