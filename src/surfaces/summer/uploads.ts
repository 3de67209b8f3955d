import * as v from "valibot";

/**
 * Uploads: images arrive base64 (a `data:` prefix optional) and must be JPEG,
 * PNG or GIF by their first bytes, at most 5 MiB; syllabi may be any file up
 * to 20 MiB, sent as a multipart file or base64. Checked while the
 * parameters are validated, so a bad upload is a 400 naming its field and
 * nothing is stored.
 */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const SYLLABUS_MAX_BYTES = 20 * 1024 * 1024;
/** Body caps of the upload routes: base64 is 4/3 of the bytes, plus the other fields. */
export const IMAGE_BODY_CAP = 8 * 1024 * 1024;
export const SYLLABUS_BODY_CAP = 28 * 1024 * 1024;

export interface Upload {
  body: Uint8Array | Blob;
  contentType: string;
  size: number;
  name: string | null;
}

const MIB = (n: number) => `${Math.round(n / 1024 / 1024)}MB`;

/** Decodes base64 (standard or URL-safe, `data:` prefix optional); a message when it is not base64. */
function decodeBase64(input: string, max: number): { bytes: Uint8Array; declared: string | null } | string {
  const prefix = /^data:([\w.+-]+\/[\w.+-]+)?(?:;[\w.+-]+=[\w.+-]+)*;base64,/i.exec(input);
  const b64 = (prefix ? input.slice(prefix[0].length) : input).replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
  if (b64 === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 === 1) return "上传的文件不是有效的base64编码。";
  const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
  if ((padded.length / 4) * 3 - (padded.match(/=+$/)?.[0].length ?? 0) > max) return `文件大小不能超过${MIB(max)}。`;
  try {
    return { bytes: Uint8Array.from(atob(padded), (ch) => ch.charCodeAt(0)), declared: prefix?.[1]?.toLowerCase() ?? null };
  } catch {
    return "上传的文件不是有效的base64编码。";
  }
}

/** The image type by its first bytes, or null. */
export function sniffImage(b: Uint8Array): "image/jpeg" | "image/png" | "image/gif" | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)) return "image/png";
  if (b.length >= 6 && /^GIF8[79]a$/.test(String.fromCharCode(...b.subarray(0, 6)))) return "image/gif";
  return null;
}

/** A base64 image parameter: decoded and checked into an Upload. */
export const imageField = v.pipe(
  v.string("请上传base64编码的图片。"),
  v.nonEmpty("该字段不能为空。"),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const decoded = decodeBase64(dataset.value, IMAGE_MAX_BYTES);
    if (typeof decoded === "string") {
      addIssue({ message: decoded });
      return NEVER;
    }
    const type = sniffImage(decoded.bytes);
    if (!type) {
      addIssue({ message: "上传的文件不是有效的图片（仅支持 JPEG、PNG、GIF）。" });
      return NEVER;
    }
    const upload: Upload = { body: decoded.bytes, contentType: type, size: decoded.bytes.length, name: null };
    return upload;
  }),
);

/** A syllabus: a multipart file or a base64 string (with a data: prefix giving its type), any type up to 20 MiB. */
export const syllabusField = v.pipe(
  v.union([v.instance(File), v.string()], "请上传课程大纲文件。"),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const value = dataset.value;
    if (value instanceof File) {
      if (value.size === 0) addIssue({ message: "上传的文件是空的。" });
      else if (value.size > SYLLABUS_MAX_BYTES) addIssue({ message: `文件大小不能超过${MIB(SYLLABUS_MAX_BYTES)}。` });
      else {
        const upload: Upload = {
          body: value,
          contentType: value.type || "application/octet-stream",
          size: value.size,
          name: value.name || null,
        };
        return upload;
      }
      return NEVER;
    }
    const decoded = decodeBase64(value, SYLLABUS_MAX_BYTES);
    if (typeof decoded === "string") {
      addIssue({ message: decoded });
      return NEVER;
    }
    const upload: Upload = {
      body: decoded.bytes,
      contentType: decoded.declared ?? sniffImage(decoded.bytes) ?? "application/octet-stream",
      size: decoded.bytes.length,
      name: null,
    };
    return upload;
  }),
);
