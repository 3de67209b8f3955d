import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const run = promisify(execFile);

/**
 * Bundles the worker exactly as `wrangler deploy` would upload it and
 * measures the deployable modules (source maps and the README excluded).
 */
export async function bundleWorker(root, outdir) {
  const wrangler = path.join(root, "node_modules", ".bin", "wrangler");
  const { stdout } = await run(wrangler, ["deploy", "--dry-run", "--outdir", outdir], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  const files = (await readdir(outdir)).filter((f) => !f.endsWith(".map") && f !== "README.md");
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = await readFile(path.join(outdir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  const main = files.includes("index.js") ? "index.js" : files.find((f) => f.endsWith(".js"));
  if (!main) throw new Error(`wrangler produced no script in ${outdir}`);
  const reported = /Total Upload:\s*([\d.]+) KiB \/ gzip:\s*([\d.]+) KiB/.exec(stdout);
  return {
    scriptPath: path.join(outdir, main),
    modules: files,
    rawBytes: raw,
    gzipBytes: gzip,
    wrangler: reported ? { rawKiB: Number(reported[1]), gzipKiB: Number(reported[2]) } : null,
  };
}
