import { describe, expect, it } from "vitest";
import { BoundedMap } from "../src/platform/bounded-map";

describe("BoundedMap (module-level caches)", () => {
  it("forgets its oldest entry past the limit, and replacing a key does not evict", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2).set("b", 3);
    expect([...m.entries()]).toEqual([
      ["a", 1],
      ["b", 3],
    ]);
    m.set("c", 4);
    expect([...m.keys()]).toEqual(["b", "c"]);
    expect(m.size).toBe(2);
  });
});
