import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The committed client types: `npm run client` rewrites them, client.test.ts fails while they are stale. */
export const GENERATED = fileURLToPath(new URL("./generated/api.d.ts", import.meta.url));

/** openapi-typescript, installed with the TypeScript 5 it needs in tools/openapi-typescript by the root postinstall. */
const CLI = fileURLToPath(new URL("../../tools/openapi-typescript/node_modules/.bin/openapi-typescript", import.meta.url));

/** The TypeScript types openapi-typescript generates from the OpenAPI document `doc`. */
export async function clientTypes(doc: unknown): Promise<string> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm install\` (its postinstall installs tools/openapi-typescript).`);
  const dir = await mkdtemp(join(tmpdir(), "rapport-client-"));
  try {
    const input = join(dir, "openapi.json");
    const output = join(dir, "api.d.ts");
    await writeFile(input, JSON.stringify(doc, null, 2));
    await promisify(execFile)(CLI, [input, "--output", output]);
    return await readFile(output, "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
