import type { PlanFile } from "./plan";

/** Copies the plan's files into R2; a key already there is left as it is (a rerun copies nothing twice). */
export async function putFiles(bucket: R2Bucket, files: PlanFile[]): Promise<number> {
  let stored = 0;
  for (const f of files) {
    if (await bucket.head(f.key)) continue;
    await bucket.put(f.key, await f.bytes(), { httpMetadata: { contentType: f.contentType } });
    stored++;
  }
  return stored;
}
