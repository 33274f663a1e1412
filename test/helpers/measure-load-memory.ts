// Run with `node --expose-gc --import tsx`: loads one file with the training loader and prints the
// memory the loaded table retains (after collecting garbage), for the loader's memory test.
import { loadTable } from "@/lib/training/data/load-table";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const collect = gc;
const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
(async () => {
  collect();
  const before = used();
  const loaded = await loadTable(process.argv[2]);
  // Stream buffers are released a tick after the stream closes; collect after that.
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  collect();
  const retained = used() - before;
  console.log(JSON.stringify({ rows: loaded.table.rows, retained, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
})();
