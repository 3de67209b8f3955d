import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SIM } from "./helpers";
import { lib, libraryUser } from "./library-helpers";

async function x(query: Record<string, string>) {
  const res = await fetch(`${SIM}/aleph/X?${new URLSearchParams(query)}`);
  return { type: res.headers.get("content-type"), text: await res.text() };
}

describe("the Aleph X-Server simulator", () => {
  it("answers in XML with the op as root element and a session id", async () => {
    const found = await x({ op: "find", base: "CAM01", code: "WRD", request: "数学" });
    expect(found.type).toContain("text/xml");
    expect(found.text).toMatch(
      /^<\?xml version = "1.0" encoding = "UTF-8"\?>\n<find><set_number>\d+<\/set_number><no_records>\d{9}<\/no_records>/,
    );
    expect(found.text).toMatch(/<session-id>[A-Z0-9]+<\/session-id><\/find>/);
    const set = /<set_number>(\d+)</.exec(found.text)![1];
    const shown = await x({ op: "present", set_number: set, set_entry: "000000001-000000002" });
    expect(shown.text).toMatch(
      /^<\?xml[^>]*>\n<present><record><record_header><set_entry>000000001<\/set_entry><\/record_header><doc_number>\d{9}<\/doc_number>/,
    );
    // Chinese records in UNIMARC (200 title), the others in MARC21 (245).
    expect(shown.text).toMatch(/<varfield id="(200" i1="1" i2=" "|245" i1="1" i2="0")><subfield label="a">/);
    expect(shown.text.match(/<record>/g)).toHaveLength(2);
  });

  it("reports errors in <error> and the same records every time", async () => {
    expect((await x({ op: "nonsense" })).text).toContain("<nonsense><error>Op nonsense is not defined</error>");
    expect((await x({ op: "bor-auth", bor_id: "2016000001", verification: "wrong" })).text).toContain(
      "<error>Error in Verification</error>",
    );
    expect((await x({ op: "bor-auth", bor_id: "9999", verification: "x" })).text).toContain(
      "<error>Error retrieving Patron System Key</error>",
    );
    const a = await x({ op: "find-doc", base: "CAM01", doc_num: "000000123" });
    const b = await x({ op: "find-doc", base: "CAM01", doc_num: "000000123" });
    expect(a.text.replace(/<session-id>.*<\/session-id>/, "")).toBe(b.text.replace(/<session-id>.*<\/session-id>/, ""));
  });

  it("keeps the Chinese records in CAM01 and the English ones in CAM09", async () => {
    const recordsOf = async (base: string, request: string) => {
      const found = await x({ op: "find", base, code: "WRD", request });
      const set = /<set_number>(\d+)</.exec(found.text)![1];
      return (await x({ op: "present", set_number: set, set_entry: "000000001-000000020" })).text;
    };
    const foreign = await recordsOf("CAM09", "a");
    expect(foreign).toContain('<varfield id="245"');
    expect(foreign).not.toContain('<varfield id="200"');
    const chinese = await recordsOf("cam01", "学");
    expect(chinese).toContain('<varfield id="200"');
    expect(chinese).not.toContain('<varfield id="245"');
    expect((await x({ op: "find", base: "CAM01", code: "WRD", request: "Computer" })).text).toContain("<error>empty set</error>");
    expect((await x({ op: "find", base: "XYZ01", code: "WRD", request: "a" })).text).toContain("<error>Base XYZ01 does not exist</error>");
    const doc = /<doc_number>(\d{9})</.exec(foreign)![1];
    expect((await x({ op: "circ-status", library: "CAM09", sys_no: doc })).text).toContain("<item-data>");
    expect((await x({ op: "circ-status", library: "CAM01", sys_no: doc })).text).toContain("<error>Document does not exist</error>");
  });

  it("lists its patrons for local development", async () => {
    const res = await fetch(`${SIM}/aleph/patrons`);
    const body = (await res.json()) as { records: number; patrons: Array<{ bor_id: string; verification: string }> };
    expect(body.records).toBe(320);
    expect(body.patrons).toHaveLength(60);
    expect(body.patrons[0]).toMatchObject({ bor_id: "2016000001", verification: "lib000001" });
  });

  it("enforces the renewal limit", async () => {
    const u = await libraryUser("lib-sim-1", 21);
    const [loan] = (await lib("/libuser/borrow_info", { session: u.session })).body.result;
    await env.SIM_DB.prepare("UPDATE sim_aleph_loans SET renewals = 2 WHERE barcode = ? AND returned_date IS NULL")
      .bind(loan.bar_code)
      .run();
    expect((await lib("/libuser/renew", { session: u.session, bar_code: loan.bar_code })).body).toMatchObject({
      status: 6,
      err_msg: "LIB_RENEW_ERROR",
      err_detail: "Renewal limit reached At most 2 renewals",
    });
  });
});
