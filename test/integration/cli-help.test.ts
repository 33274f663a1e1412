// Every command of the table (cli/commands.ts) answers --help, -h and `tidemark help NAME` with exit
// 0, its usage, every option of its table and an example: a new command without a description
// fails here. An unknown option is a usage error (exit 2) quoting the same table's usage.
import { describe, expect, it } from "vitest";
import { COMMANDS } from "@/cli/commands";
import { runCli } from "../helpers/run-cli";

const names = COMMANDS.map((c) => c.spec.name);

describe("tidemark --help", () => {
  it("lists every command", async () => {
    const res = await runCli(["--help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Usage: tidemark <command> [options]");
    for (const name of names) expect(res.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
  });

  it.each(names)(
    "%s: --help, -h and help NAME print its usage, options and example",
    async (name) => {
      const spec = COMMANDS.find((c) => c.spec.name === name)!.spec;
      const [long, short, help] = await Promise.all([runCli([name, "--help"]), runCli([name, "-h"]), runCli(["help", name])]);
      for (const res of [long, short, help]) {
        expect(res.stderr).toBe("");
        expect(res.code).toBe(0);
        expect(res.stdout).toContain(`Usage: tidemark ${name}`);
        for (const option of Object.keys(spec.options)) expect(res.stdout).toMatch(new RegExp(`--${option}\\b`));
        expect(res.stdout).toMatch(/Examples?:\n {2}(tidemark|npm run) /);
      }
      expect(short.stdout).toBe(long.stdout);
      expect(help.stdout).toBe(long.stdout);
    },
    120_000,
  );

  it.each(names)(
    "%s refuses an unknown option with exit 2 and its usage",
    async (name) => {
      const res = await runCli([name, "--no-such-option"]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("Unknown option '--no-such-option'");
      expect(res.stderr).toContain(`Usage: tidemark ${name}`);
    },
    120_000,
  );
});
