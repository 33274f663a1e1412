import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// Prisma's CLI needs a native schema engine that cannot be downloaded here; the wasm build of the
// same engine does the same work through a driver adapter. On Node 20 the wasm module cannot be
// imported as an ES module, so it is instantiated by hand with its JS glue as the import object.
type WasmGlue = typeof import("@prisma/schema-engine-wasm");
export type SchemaEngine = Awaited<ReturnType<WasmGlue["SchemaEngine"]["new"]>>;

let glue: Promise<WasmGlue> | undefined;

async function loadGlue(): Promise<WasmGlue> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bg = (await import(/* webpackIgnore: true */ path.join(pkgDir, "schema_engine_bg.js"))) as WasmGlue & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const wasmModule = await WebAssembly.compile(fs.readFileSync(path.join(pkgDir, "schema_engine_bg.wasm")));
  const instance = await WebAssembly.instantiate(wasmModule, {
    "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return bg;
}

export async function createSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: string,
): Promise<SchemaEngine> {
  glue ??= loadGlue();
  const { SchemaEngine } = await glue;
  const log = () => {};
  return SchemaEngine.new(
    { datamodels: [["schema.prisma", datamodel]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
