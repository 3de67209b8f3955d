#!/usr/bin/env node
// Fills public/ (wrangler.toml [assets]) with the files served as static assets beside the worker: the Scalar
// API reference viewer of /docs, from the installed @scalar/api-reference, so the page needs no CDN. The copies
// are git-ignored; npm run dev / test / bench / deploy run this first. Copies only what changed.
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const scalar = require.resolve("@scalar/api-reference/browser/standalone.js");

/** [source, path under public/] */
const assets = [[scalar, "docs/scalar.js"]];

for (const [source, target] of assets) {
  const to = join(root, "public", target);
  const from = statSync(source);
  const current = statSync(to, { throwIfNoEntry: false });
  if (current && current.size === from.size && current.mtimeMs >= from.mtimeMs) continue;
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(source, to);
  console.log(`Copied public/${target}`);
}
