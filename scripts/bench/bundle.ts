// How a deployed function is bundled, and which of its files a cold start loads: shared by the bench's
// lambda section and by the test that keeps single-route modules out of the API's cold start.
import type { BuildOptions, Metafile } from "esbuild";

/**
 * esbuild options as SST's Node runtime uses them for a deployed ESM function (pkg/runtime/node/build.go),
 * with `nodejs.splitting` on as infra/function.ts sets it: modules imported with `import()` become chunks
 * that load on first use.
 */
export function sstBundleOptions(entry: string, outdir: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: { index: entry },
    outdir,
    splitting: true,
    outExtension: { ".js": ".mjs" },
    platform: "node",
    format: "esm",
    target: "node24",
    mainFields: ["module", "main"],
    bundle: true,
    minify: true,
    keepNames: true,
    metafile: true,
    logLevel: "warning",
    external: ["sharp", "pg-native"],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __filename = topLevelFileUrlToPath(import.meta.url)`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
      ].join("\n"),
    },
  };
}

/** The output files a cold start loads: the entry and the chunks it imports statically (not the lazy ones). */
export function coldStartFiles(metafile: Metafile): Set<string> {
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  };
  const entry = Object.keys(metafile.outputs).find((file) => file.endsWith("index.mjs"));
  if (!entry) throw new Error("The bundle has no index.mjs entry.");
  visit(entry);
  return loaded;
}

/** The source modules (node_modules paths or the app's own files) that the given output files contain. */
export function inputsOf(metafile: Metafile, files: Iterable<string>): string[] {
  return [...files].flatMap((file) => Object.keys(metafile.outputs[file]!.inputs));
}
