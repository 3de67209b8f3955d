import { defineConfig } from "vitest/config";

// Browser tests: Node drives headless Chromium (playwright-core) against `npm run dev`'s worker, which the
// global setup starts on a free port with a fresh local state and stops afterwards.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./test/browser/global-setup.ts"],
    // One dev worker for every file; Chromium is heavy on this machine, so the files run one at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
