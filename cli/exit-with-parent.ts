import net from "node:net";

/**
 * bin/tidemark.mjs hands this process one end of a pipe as a file descriptor (named by
 * TIDEMARK_PARENT_PIPE). The wrapper's end closes whenever the wrapper exits, even by SIGKILL, which
 * no signal handler sees; this process then stops as it would on SIGTERM (a long-running command
 * finishes what is in progress), so killing the wrapper's pid never leaves the command running.
 */
export function exitWithParent(): void {
  const fd = Number(process.env.TIDEMARK_PARENT_PIPE);
  // Not inherited by what this process starts (the demo's server and traffic), which have their own wrapper or none.
  delete process.env.TIDEMARK_PARENT_PIPE;
  if (!Number.isInteger(fd) || fd < 3) return;
  const pipe = new net.Socket({ fd, readable: true, writable: false });
  // Watching must not keep a finished command alive.
  pipe.unref();
  pipe.on("error", () => undefined);
  pipe.once("close", () => {
    process.kill(process.pid, "SIGTERM");
    // A graceful stop that hangs must not leave an orphan either.
    setTimeout(() => process.exit(1), 30_000).unref();
  });
  pipe.resume();
}
