/**
 * Console cookies are Secure everywhere but plain-HTTP loopback (wrangler dev on
 * 127.0.0.1 or localhost), where a browser would drop a Secure cookie.
 */
export function secureCookies(requestUrl: string): boolean {
  const url = new URL(requestUrl);
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
  return url.protocol === "https:" || !loopback;
}
