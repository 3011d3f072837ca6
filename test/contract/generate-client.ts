import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { createApp } from "../../packages/functions/src/api/app.ts";
import { clientTypes, GENERATED } from "./client-types.ts";

// `npm run client`: regenerates the typed client's paths from the document the app serves.
const doc = await (await createApp().request("/openapi.json")).json();
await mkdir(dirname(GENERATED), { recursive: true });
await writeFile(GENERATED, await clientTypes(doc));
console.log(`Wrote ${relative(process.cwd(), GENERATED)} from /openapi.json.`);
