import path from "node:path";
import { buildIsCurrent, runNextBuild } from "../../scripts/next-build";

const root = path.resolve(__dirname, "../..");

/** Server tests run the production build; rebuild it when any source is newer than the build. */
export default async function setup() {
  if (buildIsCurrent(root)) return;
  console.log("[test] sources changed since the last build: running next build");
  await runNextBuild(root, (line) => console.log(line));
}
