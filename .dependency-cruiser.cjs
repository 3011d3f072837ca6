/**
 * Which way the arrows may point: functions → web → core, never back, and no cycles.
 * `npm run depcruise` (part of `npm test`) fails on a violation; test/architecture.test.ts proves it bites.
 * @type {import("dependency-cruiser").IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "core-not-to-web-or-functions",
      comment: "The domain sits underneath the pages and the entry points: core decides what to send, renders its emails itself, and never imports web or functions.",
      severity: "error",
      from: { path: "^packages/core/" },
      to: { path: "^(web|packages/functions)/" },
    },
    {
      name: "web-not-to-functions",
      comment: "Pages take props; the Lambda entry points and routes import them, not the other way round.",
      severity: "error",
      from: { path: "^web/" },
      to: { path: "^packages/functions/" },
    },
    {
      name: "no-circular",
      comment: "A module that reaches itself through its imports has no place in the order of the stack.",
      severity: "error",
      from: { path: "^(packages|web)/" },
      to: { circular: true },
    },
    {
      name: "no-dev-deps-in-production",
      comment: "Production source (packages/*/src, web/src) imports only what its own package.json lists under dependencies.",
      severity: "error",
      from: { path: "^(packages/[^/]+/src|web/src)/" },
      to: { dependencyTypes: ["npm-dev", "npm-no-pkg", "npm-unknown"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "node", "default"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
