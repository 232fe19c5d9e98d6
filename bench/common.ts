/** What the generator, the in-process benchmark and the HTTP benchmark agree on. */
export const BENCH_ORG_SLUG = "bench";
export const BENCH_PASSWORD = "bench-password-2026";
export const BENCH_OWNER_EMAIL = "owner@bench.lodestar.test";

/** `--key value` / `--key=value` / `--flag` arguments. */
export function parseArgs(argv: string[]) {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) continue;
    const [k, v] = a.slice(2).split("=", 2) as [string, string | undefined];
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] && !argv[i + 1]!.startsWith("--")) out[k] = argv[++i]!;
    else out[k] = "true";
  }
  return out;
}
