import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { alephDate } from "../src/surfaces/library/aleph";
import { decryptPkcs1v15, loadPrivateKey } from "../src/surfaces/library/rsa";
import { seal, unseal } from "../src/surfaces/library/vault";
import { childrenOf, parseXml, textOf, XmlError } from "../src/surfaces/library/xml";
import { jsencrypt } from "./library-helpers";

describe("the XML reader", () => {
  it("reads elements, attributes, entities, CDATA and self-closing tags", () => {
    const root = parseXml(
      `<?xml version = "1.0" encoding = "UTF-8"?>\n<!-- c --><present><record><varfield id="245" i1='1'><subfield label="a">A &amp; B &#x4E2D;&#25991;</subfield></varfield></record><x/><y><![CDATA[<raw>]]></y></present>`,
    );
    expect(root.name).toBe("present");
    const field = childrenOf(childrenOf(root, "record")[0], "varfield")[0];
    expect(field.attrs).toEqual({ id: "245", i1: "1" });
    expect(field.children[0].text).toBe("A & B 中文");
    expect(textOf(root, "x")).toBe("");
    expect(textOf(root, "y")).toBe("<raw>");
  });

  it("rejects what is not one well-formed element", () => {
    for (const bad of ["<a><b></a>", "<a>", "<html><body>Service Unavailable", "plain text", "<a></a><b></b>", "<a x='1></a>"]) {
      expect(() => parseXml(bad)).toThrow(XmlError);
    }
  });

  it("converts Aleph dates", () => {
    expect(alephDate("20261201")).toBe("2026-12-01");
    expect(alephDate("01/12/2026")).toBe("2026-12-01");
  });
});

describe("RSA PKCS#1 v1.5", () => {
  it("decrypts ciphertexts one byte short, as JSEncrypt emits when the top byte is zero", async () => {
    const key = await loadPrivateKey(env.LIBRARY_RSA_PRIVATE_KEY as string);
    // Padding from a seeded generator: the same ciphertexts every run, so the short one is always found at the same try.
    let seed = 0x2545f491;
    const randomByte = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed & 0xff;
    };
    let short: string | null = null;
    for (let i = 0; i < 4000 && !short; i++) {
      const c = await jsencrypt(key.publicPem, "密码pw1", { randomByte });
      if (atob(c).length < key.k) short = c;
    }
    expect(short).not.toBeNull();
    expect(decryptPkcs1v15(key, short!)).toBe("密码pw1");
    expect(decryptPkcs1v15(key, await jsencrypt(key.publicPem, "plain"))).toBe("plain");
  });
});

describe("credential vault", () => {
  it("round-trips only for the same owner", async () => {
    const owner = { openid: "o1", libId: "2016000001" };
    const sealed = await seal(env, owner, "secret-pw");
    expect(sealed).not.toContain("secret-pw");
    expect(await unseal(env, owner, sealed)).toBe("secret-pw");
    expect(await unseal(env, { ...owner, openid: "o2" }, sealed)).toBeNull();
    expect(await unseal(env, owner, `${sealed.slice(0, -4)}AAA=`)).toBeNull();
    expect(await unseal(env, owner, "garbage")).toBeNull();
  });
});
