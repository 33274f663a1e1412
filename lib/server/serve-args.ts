export type ServeArgs = { hostname: string; port: number; inferenceOnly: boolean };

/**
 * `npm start [-- -H host] [-p port] [--inference-only]`, the flags `next start` took, so existing
 * scripts keep working. Defaults: TIDEMARK_HOST or 127.0.0.1, PORT or 3000.
 */
export function parseServeArgs(argv: readonly string[], env: Record<string, string | undefined>): ServeArgs {
  const args: ServeArgs = { hostname: env.TIDEMARK_HOST || "127.0.0.1", port: Number(env.PORT || 3000), inferenceOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "-H" || flag === "--hostname") args.hostname = flagValue(argv, ++i, flag);
    else if (flag === "-p" || flag === "--port") args.port = Number(flagValue(argv, ++i, flag));
    else if (flag === "--inference-only") args.inferenceOnly = true;
    else fail(`unknown option "${flag}"; use -H <host>, -p <port>, --inference-only`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) fail("the port must be a whole number from 0 to 65535");
  return args;
}

function flagValue(argv: readonly string[], i: number, flag: string): string {
  if (argv[i] === undefined) fail(`${flag} needs a value`);
  return argv[i];
}

function fail(message: string): never {
  console.error(`[tidemark] ${message}`);
  process.exit(1);
}
