/**
 * CSV files, property-based (fast-check): decoding uploaded bytes (strict UTF-8 with the BOM dropped,
 * else GB18030 — Excel's "CSV" on a Chinese Windows), and export → import of random cells, which comes
 * back unchanged except for formula neutralisation (a leading ' on cells starting with = + - @ tab CR)
 * and the trimming the import does on every cell.
 */
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { parseCsv, safeCell, toCsv } from "@/server/csv";
import { decodeCsvBytes } from "@/server/csv-decode";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
const opts = (numRuns: number) => ({ seed: SEED, numRuns });

// ---------------------------------------------------------------------------------------------
// A GBK encoder for the tests, built from the platform's own GB18030 decoder (no dependency):
// every two-byte GBK sequence, decoded, gives the character it encodes.
// ---------------------------------------------------------------------------------------------
const GBK = new Map<string, [number, number]>();
{
  const dec = new TextDecoder("gb18030");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== "\uFFFD" && !GBK.has(ch)) GBK.set(ch, [lead, trail]);
    }
  }
}
/** The GBK bytes of a string of ASCII and GBK characters. */
function gbk(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const pair = GBK.get(ch);
      if (!pair) throw new Error(`not in GBK: ${ch}`);
      out.push(...pair);
    }
  }
  return new Uint8Array(out);
}
const utf8 = (s: string) => new TextEncoder().encode(s);
const isUtf8 = (b: Uint8Array) => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};

/** Common simplified Chinese characters (all in GB2312, hence in GBK). */
const HANZI = [..."的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"];

describe("decoding uploaded bytes", () => {
  it("the GBK table covers the test's characters", () => {
    expect(GBK.size).toBeGreaterThan(20_000);
    for (const ch of HANZI) expect(GBK.has(ch), ch).toBe(true);
  });

  const chinese = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HANZI) }, fc.constantFrom(..."abc XYZ0123,.;\"'\r\n-=@")), { minLength: 1, maxLength: 60 }).map((a) => a.join(""));

  it("GBK bytes of Chinese text decode to the same string as its UTF-8 bytes (whenever the GBK bytes are not also valid UTF-8)", () => {
    let checked = 0;
    fc.assert(
      fc.property(chinese, (s) => {
        const g = gbk(s);
        fc.pre(!isUtf8(g));
        checked++;
        const fromGbk = decodeCsvBytes(g);
        expect(fromGbk).toEqual({ text: s, encoding: "gb18030" });
        expect(decodeCsvBytes(utf8(s))).toEqual({ text: s, encoding: "utf-8" });
      }),
      opts(500),
    );
    expect(checked).toBeGreaterThan(400);
  });

  it("a CSV written by Excel in GBK imports with the same headers and cells as the UTF-8 one", () => {
    const csv = "目标,负责人,关键结果\r\n提高客户满意度,王芳,净推荐值达到四十\r\n\"降低成本，提升效率\",李强,\"单位成本下降十%\"\r\n";
    const a = parseCsv(decodeCsvBytes(gbk(csv)).text);
    const b = parseCsv(decodeCsvBytes(utf8(csv)).text);
    expect(a).toEqual(b);
    expect(a.headers).toEqual(["目标", "负责人", "关键结果"]);
    expect(a.rows[1]).toEqual({ 目标: "降低成本，提升效率", 负责人: "李强", 关键结果: "单位成本下降十%" });
  });

  it("any text survives UTF-8 with or without a BOM, and the BOM is dropped", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), fc.boolean(), (s, bom) => {
        // a string starting with U+FEFF itself loses it too: that is what a BOM is
        const body = utf8(s);
        const bytes = bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
        expect(decodeCsvBytes(bytes)).toEqual({ text: s.replace(/^\uFEFF+/, ""), encoding: "utf-8" });
      }),
      opts(500),
    );
  });

  it("a BOM never reaches the first header, in UTF-8 or GB18030, doubled or not", () => {
    const csv = "title,owner\r\nA,b@example.test\r\n";
    for (const prefix of [[0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], [0x84, 0x31, 0x95, 0x33]]) {
      const body = prefix[0] === 0x84 ? gbk(`${csv}负责`) : utf8(csv);
      const { text } = decodeCsvBytes(new Uint8Array([...prefix, ...body]));
      expect(parseCsv(text).headers).toEqual(["title", "owner"]);
    }
    // and text with a BOM pasted into the box (not a file) is cleaned by the parser
    expect(parseCsv(`\uFEFF${csv}`).headers).toEqual(["title", "owner"]);
  });

  it("random bytes always decode (never throw), and views over a larger buffer decode only their bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const { text } = decodeCsvBytes(b);
        expect(typeof text).toBe("string");
        const big = new Uint8Array([0xff, ...b, 0xff]);
        expect(decodeCsvBytes(big.subarray(1, 1 + b.length)).text).toBe(text);
        expect(decodeCsvBytes(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer).text).toBe(text);
      }),
      opts(500),
    );
  });
});

describe("export → import of random cells", () => {
  const FORMULA = /^[=+\-@\t\r]/;
  const cell = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\r\n", "\n", '"', ",", " ", "'"), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
    fc.constantFrom("=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "-1", "-1.5", "1e5", "0x1F", "'=already", "中文,\"逗号\"", "a\r\nb", ""),
    fc.double().map(String),
    fc.integer().map(String),
  );
  const table = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 });

  it("every cell comes back as exported: neutralised when it could run as a formula, trimmed, nothing else changed", () => {
    fc.assert(
      fc.property(table, (rows) => {
        // a numbered first column keeps every row non-blank (blank rows are skipped on import)
        const data = rows.map((r, i) => [`r${i}`, ...r]);
        const csv = toCsv(["n", "a", "b", "c"], data);
        const parsed = parseCsv(csv);
        expect(parsed.errors).toEqual([]);
        expect(parsed.rows).toHaveLength(data.length);
        parsed.rows.forEach((row, i) => {
          ["a", "b", "c"].forEach((h, j) => {
            const original = data[i]![j + 1]!;
            const exported = safeCell(original);
            expect(row[h], JSON.stringify(original)).toBe(exported.trim());
            // neutralised exactly when it starts like a formula and is not a plain number
            expect(exported !== original, JSON.stringify(original)).toBe(FORMULA.test(original) && !/^-?\d+(\.\d+)?$/.test(original));
            if (exported !== original) expect(exported).toBe(`'${original}`);
          });
        });
      }),
      opts(400),
    );
  });

  it("no exported cell can start a formula", () => {
    fc.assert(
      fc.property(table, (rows) => {
        // the raw cells, as a spreadsheet reads them (no trimming)
        const raw = Papa.parse<string[]>(toCsv(["a", "b", "c"], rows), { header: false }).data.slice(1);
        expect(raw.flat()).toHaveLength(rows.length * 3);
        for (const v of raw.flat()) if (FORMULA.test(v)) expect(v, JSON.stringify(v)).toMatch(/^-?\d+(\.\d+)?$/);
      }),
      opts(300),
    );
  });

  it("garbage never throws: errors name a row", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 500 }), (s) => {
        const r = parseCsv(s);
        for (const e of r.errors) {
          expect(e.row).toBeGreaterThanOrEqual(1);
          expect(e.message).toMatch(/^v\.csvParse\|detail=/);
        }
      }),
      opts(500),
    );
  });
});
