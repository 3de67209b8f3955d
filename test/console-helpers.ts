import { SELF } from "cloudflare:test";
import { ADMIN, BASE, postJson } from "./helpers";

/** A browser's view of the console: its cookies, and the anti-forgery token of the last page it read. */
export class ConsoleBrowser {
  readonly cookies = new Map<string, string>();
  csrf = "";
  lastUrl = `${BASE}/console`;

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([k, val]) => `${k}=${val}`).join("; ");
    return { ...(cookie ? { cookie } : {}), ...extra };
  }

  /** GET a console page (no redirects followed); reads its anti-forgery token. */
  async get(path: string) {
    const res = await SELF.fetch(`${BASE}${path}`, { headers: this.headers(), redirect: "manual" });
    this.remember(res);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1];
    if (res.status === 200) this.lastUrl = `${BASE}${path}`;
    return { status: res.status, html, location: res.headers.get("location"), headers: res.headers };
  }

  /** POST a form from the last page read, as the browser would (its Origin and Referer, the page's token). */
  async post(path: string, form: Record<string, string | string[]> | FormData, opts: { csrf?: string | null; origin?: string } = {}) {
    let body: FormData | URLSearchParams;
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (form instanceof FormData) {
      body = form;
      if (csrf !== null) body.set("_csrf", csrf);
    } else {
      body = new URLSearchParams();
      for (const [k, val] of Object.entries(form)) for (const one of Array.isArray(val) ? val : [val]) body.append(k, one);
      if (csrf !== null) body.set("_csrf", csrf);
    }
    const res = await SELF.fetch(`${BASE}${path}`, {
      method: "POST",
      body,
      headers: this.headers({ origin: opts.origin ?? BASE, referer: this.lastUrl }),
      redirect: "manual",
    });
    this.remember(res);
    return { status: res.status, html: await res.text(), location: res.headers.get("location"), headers: res.headers };
  }

  /** Signs in through the sign-in form. */
  async signIn(username: string, password: string, kind: "operator" | "summer" = "operator") {
    await this.get("/console/login");
    return this.post("/console/login", { kind, username, password, next: "/console" });
  }
}

/** An operator account made with the ADMIN_TOKEN API. */
export async function operator(username: string, scopes: string[], password = "operator-pass-1") {
  const res = await postJson("/admin/operators", { username, password, scopes }, ADMIN);
  if (res.status !== 201) throw new Error(`operator: ${res.status} ${JSON.stringify(res.body)}`);
  return { username, password };
}

/** A signed-in console browser of a new operator with `scopes`. */
export async function operatorBrowser(username: string, scopes: string[]) {
  const op = await operator(username, scopes);
  const browser = new ConsoleBrowser();
  const res = await browser.signIn(op.username, op.password);
  if (res.status !== 303) throw new Error(`sign-in: ${res.status} ${res.html.slice(0, 300)}`);
  return browser;
}

/** Text of the page without tags, whitespace collapsed: what a person reads. */
export const visibleText = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
