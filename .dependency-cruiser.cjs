// The layering rules of docs/ARCHITECTURE.md, checked in CI (`npm run deps`). Each rule names the
// arrow it forbids; a new violation fails the build instead of eroding the map.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A file cycle makes a change to either file a change to both, and initialisation order fragile.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycles-in-lib",
      severity: "error",
      comment:
        "Folders in lib/ depend on each other one way: a folder cycle (registry → alerts → monitors → registry) ties their changes together even without a file cycle.",
      scope: "folder",
      from: { path: "^lib/" },
      to: { path: "^lib/", circular: true },
    },
    {
      name: "lib-stays-below",
      severity: "error",
      comment: "lib/ is the domain core: it never imports the routes, the command line, the jobs, the scripts or the tests.",
      from: { path: "^lib/" },
      to: { path: "^(app|cli|jobs|scripts|test)/" },
    },
    {
      name: "core-imports-nothing",
      severity: "error",
      comment: "lib/core (errors, validation, time, ids, text, manifest) is the floor: it imports only itself and npm packages.",
      from: { path: "^lib/core/" },
      to: { path: "^(lib/(?!core/)|app/|cli/|jobs/|scripts/|test/)" },
    },
    {
      name: "jobs-below-entry-points",
      severity: "error",
      comment: "jobs/ (the scheduler and the job registry) sits under the routes and the command line, never over them.",
      from: { path: "^jobs/" },
      to: { path: "^(app|cli|scripts|test)/" },
    },
    {
      name: "app-not-into-cli",
      severity: "error",
      comment: "Routes and pages go through lib/ or the job registry, not through the command line.",
      from: { path: "^app/" },
      to: { path: "^(cli|scripts|test)/" },
    },
    {
      name: "production-not-into-test",
      severity: "error",
      comment: "Nothing that ships imports test code.",
      from: { path: "^(app|cli|jobs|lib|scripts)/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|lib/generated)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
