import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { acquirePgliteLock, DatabaseLockedError } from "@/lib/db/pglite-lock";

describe("embedded database lock", () => {
  it("refuses a second holder while the first lives, and takes over a dead holder's lock", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-lock-"));
    // A live process other than us: our parent.
    fs.writeFileSync(path.join(dir, "tidemark.lock"), String(process.ppid));
    expect(() => acquirePgliteLock(dir)).toThrow(DatabaseLockedError);
    expect(() => acquirePgliteLock(dir)).toThrow(`is open in another process (pid ${process.ppid}`);

    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    fs.writeFileSync(path.join(dir, "tidemark.lock"), dead);
    const release = acquirePgliteLock(dir);
    expect(fs.readFileSync(path.join(dir, "tidemark.lock"), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, "tidemark.lock"))).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });
});
