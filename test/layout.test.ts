/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { jh } from "../src/surfaces/jh";
import { library } from "../src/surfaces/library";
import { service } from "../src/surfaces/service";
import { sports } from "../src/surfaces/sports";
import { summer } from "../src/surfaces/summer";

/** Every source file of the surfaces, by path relative to src/surfaces/ (e.g. "sports/routes/user.ts"). */
const sources: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob<string>("../src/surfaces/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true })).map(
    ([path, text]) => [path.replace("../src/surfaces/", ""), text],
  ),
);

const SURFACES = { service, library, sports, jh, summer };
const filesOf = (name: string, under = "") => Object.keys(sources).filter((p) => p.startsWith(`${name}/${under}`));

/** The routes file a path leads to: routes/<first>.ts, or routes/<first>/<second>.ts, or routes/<first>/index.ts. */
function routeFileOf(name: string, path: string): string | undefined {
  const [first, second] = path.split("/").filter(Boolean);
  const candidates = [`${name}/routes/${first}.ts`, `${name}/routes/${first}/${second}.ts`, `${name}/routes/${first}/index.ts`];
  return candidates.find((file) => file in sources);
}

describe("every surface has the same layout", () => {
  for (const [name] of Object.entries(SURFACES)) {
    it(`${name}: index.ts, auth.ts, envelope.ts, routes/ and console/`, () => {
      for (const file of ["index.ts", "auth.ts", "envelope.ts"]) expect(sources, `${name}/${file}`).toHaveProperty([`${name}/${file}`]);
      expect(filesOf(name, "routes/").length, `${name}/routes/`).toBeGreaterThan(0);
      expect(filesOf(name, "console/").length, `${name}/console/`).toBeGreaterThan(0);
    });
  }

  for (const [name, surface] of Object.entries(SURFACES)) {
    it(`${name}: a URL leads to its route file in one hop, and routes/ holds only such files`, () => {
      const served = [...new Set(surface.app.routes.filter((r) => r.method !== "ALL").map((r) => r.path))];
      // The document's path: the surface's own name dropped from the URL (/service/user/get is the document's /user/get).
      const documented = (path: string) => `/${`${surface.prefix}${path}`.split("/").filter(Boolean).slice(1).join("/")}`;
      const misplaced = served.flatMap((path) => {
        const file = routeFileOf(name, documented(path));
        // The file names the path itself, or the rest of it when it mounts an app of its own there (sports' /cabinet).
        const tail = `/${path.split("/").filter(Boolean).slice(1).join("/")}`;
        const declared = file !== undefined && (sources[file].includes(`"${path}"`) || sources[file].includes(`"${tail}"`));
        return declared ? [] : [`${documented(path)} (looked in ${file ?? `routes/${documented(path).split("/")[1]}`})`];
      });
      expect(misplaced).toEqual([]);
      const segments = new Set(served.map((path) => documented(path).split("/").filter(Boolean)[0]));
      const strays = filesOf(name, "routes/").filter((file) => !segments.has(file.split("/")[2].replace(/\.ts$/, "")));
      expect(strays).toEqual([]);
    });
  }

  it("no surface imports another surface", () => {
    const names = Object.keys(SURFACES);
    const crossings = Object.entries(sources).flatMap(([file, text]) => {
      const own = file.split("/")[0];
      return names
        .filter((other) => other !== own && new RegExp(`from "(\\.\\./)+(surfaces/)?${other}/`).test(text))
        .map((other) => `${file} imports ${other}`);
    });
    expect(crossings).toEqual([]);
  });
});
