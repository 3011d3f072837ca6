// Installs SST's platform offline (it writes .sst/platform/config.d.ts) when it is missing,
// so that `tsc -p tsconfig.infra.json` checks sst.config.ts and infra/ for real.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

if (!existsSync(".sst/platform/config.d.ts")) {
  console.log("Installing SST's platform types (offline, once)...");
  const result = spawnSync("npx", ["sst", "install"], {
    stdio: "inherit",
    env: { ...process.env, SST_NO_BUN: "1", SST_SKIP_DEPENDENCY_CHECK: "1", SST_TELEMETRY_DISABLED: "1", SST_STAGE: "ci" },
  });
  if (result.status !== 0 || !existsSync(".sst/platform/config.d.ts")) {
    console.error("`sst install` did not produce .sst/platform/config.d.ts; see its output above.");
    process.exit(result.status || 1);
  }
}
