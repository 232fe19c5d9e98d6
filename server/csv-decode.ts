/**
 * Decoding an uploaded CSV file's bytes, shared by the browser (the import dialogs) and the tests.
 * No Node or DOM-only API: TextDecoder exists in both.
 *
 * Strict UTF-8 first (a UTF-8 BOM is dropped); when the bytes are not valid UTF-8, GB18030 — a superset
 * of GBK/GB2312, what Excel writes for "CSV" on a Chinese Windows — which decodes any byte sequence.
 */
export type CsvEncoding = "utf-8" | "gb18030";

export function decodeCsvBytes(input: ArrayBuffer | ArrayBufferView): { text: string; encoding: CsvEncoding } {
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  try {
    // ignoreBOM false (the default): a leading EF BB BF is consumed, not returned.
    return { text: stripBom(new TextDecoder("utf-8", { fatal: true }).decode(bytes)), encoding: "utf-8" };
  } catch {
    return { text: stripBom(new TextDecoder("gb18030").decode(bytes)), encoding: "gb18030" };
  }
}

/** A BOM left at the start of the text (a doubled BOM, or GB18030's encoding of U+FEFF, 84 31 95 33). */
function stripBom(text: string): string {
  return text.replace(/^\uFEFF+/, "");
}
