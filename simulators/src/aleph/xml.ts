/** Writes Aleph-style XML: a root named after the op, nested elements, escaped text. */
export type Node = string | number | null | undefined | Node[] | { [name: string]: Node };

export const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[ch] as string);

/** An element with attributes, for MARC varfields/subfields. */
export function el(name: string, attrs: Record<string, string>, body: string): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
  return `<${name}${a}>${body}</${name}>`;
}

export function render(name: string, node: Node): string {
  if (node === null || node === undefined) return `<${name}/>`;
  if (Array.isArray(node)) return node.map((n) => render(name, n)).join("");
  if (typeof node === "object") {
    const inner = Object.entries(node)
      .map(([k, v]) => (k === "#raw" ? String(v) : render(k, v)))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(node))}</${name}>`;
}

export const document = (op: string, body: Record<string, Node>) => `<?xml version = "1.0" encoding = "UTF-8"?>\n${render(op, body)}\n`;
