import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The arrow rules of .dependency-cruiser.cjs (run by `npm run depcruise` in `npm test`), applied to a
// miniature of the repository: a clean tree passes, and each wrong-way arrow or cycle fails the command.
const root = resolve(import.meta.dirname, "..");
const depcruise = join(root, "tools/depcruise/node_modules/.bin/depcruise");
let tree: string;

function write(path: string, text: string) {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

function manifest(name: string, exports: string, dependencies: Record<string, string> = {}, devDependencies: Record<string, string> = {}) {
  return JSON.stringify({ name, private: true, type: "module", exports: { "./*": exports }, dependencies, devDependencies });
}

function cruise(): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(depcruise, ["packages", "web", "--config", join(root, ".dependency-cruiser.cjs")], { cwd: tree }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

/** Runs the rules with one extra file in the tree, then takes it out again. */
async function cruiseWith(path: string, text: string) {
  write(path, text);
  try {
    return await cruise();
  } finally {
    rmSync(join(tree, path));
  }
}

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), "rapport-arrows-"));
  write("package.json", JSON.stringify({ name: "arrows", private: true, type: "module", workspaces: ["packages/core", "packages/functions", "web"] }));
  write("tsconfig.json", JSON.stringify({ extends: join(root, "tsconfig.base.json"), include: ["packages/*/src", "web/src"] }));
  write("packages/core/package.json", manifest("@rapport/core", "./src/*.ts", { luxon: "*" }, { "a-dev-tool": "*" }));
  write("packages/core/src/rep/index.ts", 'import { DateTime } from "luxon";\nexport const since = (iso: string) => DateTime.fromISO(iso);\n');
  write("packages/core/src/email/index.ts", 'import { since } from "../rep/index.ts";\nexport const sentAt = since("2026-12-01");\n');
  write("packages/functions/package.json", manifest("@rapport/functions", "./src/*.ts"));
  write("packages/functions/src/api.ts", 'import { page } from "@rapport/web/pages/index";\nexport const handler = () => page;\n');
  write("web/package.json", manifest("@rapport/web", "./src/*.tsx"));
  write("web/src/pages/index.tsx", 'import { sentAt } from "@rapport/core/email/index";\nexport const page = String(sentAt);\n');
  for (const pkg of ["luxon", "a-dev-tool", "unlisted"]) {
    write(`node_modules/${pkg}/package.json`, JSON.stringify({ name: pkg, version: "1.0.0", type: "module", main: "index.js" }));
    write(`node_modules/${pkg}/index.js`, "export const DateTime = { fromISO: (s) => s };\n");
  }
  mkdirSync(join(tree, "node_modules/@rapport"));
  symlinkSync("../../packages/core", join(tree, "node_modules/@rapport/core"));
  symlinkSync("../../packages/functions", join(tree, "node_modules/@rapport/functions"));
  symlinkSync("../../web", join(tree, "node_modules/@rapport/web"));
});

afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe("the arrows of the stack (dependency-cruiser)", () => {
  it("passes functions → web → core", async () => {
    const { code, output } = await cruise();
    expect(output).toContain("no dependency violations found");
    expect(code).toBe(0);
  });

  it("fails when core imports a page from web", async () => {
    const { code, output } = await cruiseWith("packages/core/src/rep/badge.ts", 'import "@rapport/web/pages/index";\n');
    expect(code).not.toBe(0);
    expect(output).toMatch(/core-not-to-web-or-functions: packages\/core\/src\/rep\/badge\.ts → web\/src\/pages\/index\.tsx/);
  });

  it("fails when core imports the entry points, even for a type", async () => {
    const { code, output } = await cruiseWith("packages/core/src/rep/handler.ts", 'import type { handler } from "@rapport/functions/api";\nexport type Handler = typeof handler;\n');
    expect(code).not.toBe(0);
    expect(output).toMatch(/core-not-to-web-or-functions: packages\/core\/src\/rep\/handler\.ts → packages\/functions\/src\/api\.ts/);
  });

  it("fails when web imports functions", async () => {
    const { code, output } = await cruiseWith("web/src/pages/route.tsx", 'import { handler } from "../../../packages/functions/src/api.ts";\nexport const route = handler;\n');
    expect(code).not.toBe(0);
    expect(output).toMatch(/web-not-to-functions: web\/src\/pages\/route\.tsx → packages\/functions\/src\/api\.ts/);
  });

  it("fails on a cycle inside a package", async () => {
    write("packages/core/src/rep/index.ts", 'import { DateTime } from "luxon";\nimport "../email/index.ts";\nexport const since = (iso: string) => DateTime.fromISO(iso);\n');
    try {
      const { code, output } = await cruise();
      expect(code).not.toBe(0);
      expect(output).toMatch(/no-circular: packages\/core\/src\/(rep|email)\/index\.ts → /);
    } finally {
      write("packages/core/src/rep/index.ts", 'import { DateTime } from "luxon";\nexport const since = (iso: string) => DateTime.fromISO(iso);\n');
    }
  });

  it("fails when production source imports a devDependency or a package its manifest does not list", async () => {
    write("packages/core/src/rep/dev.ts", 'export * from "a-dev-tool";\n');
    const { code, output } = await cruiseWith("packages/core/src/rep/unlisted.ts", 'export * from "unlisted";\n').finally(() => rmSync(join(tree, "packages/core/src/rep/dev.ts")));
    expect(code).not.toBe(0);
    expect(output).toMatch(/no-dev-deps-in-production: packages\/core\/src\/rep\/dev\.ts → node_modules\/a-dev-tool/);
    expect(output).toMatch(/no-dev-deps-in-production: packages\/core\/src\/rep\/unlisted\.ts → node_modules\/unlisted/);
  });
});
