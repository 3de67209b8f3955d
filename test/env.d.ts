declare module "cloudflare:test" {
  interface ProvidedEnv {
    DB: D1Database;
    WECHAT_TOKENS: DurableObjectNamespace;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    [key: string]: unknown;
  }
}
