import { describe, expect, it } from "vitest";
import { mdCell, mdInline } from "@/server/review/markdown";
import { columnFor } from "@/server/review/service";

describe("review markdown cells", () => {
  it("escapes pipes, keeps line breaks as <br> and neutralises HTML", () => {
    expect(mdCell("a | b")).toBe("a \\| b");
    expect(mdCell("one\ntwo\r\nthree")).toBe("one<br>two<br>three");
    expect(mdCell("<script>x</script> & co")).toBe("&lt;script&gt;x&lt;/script&gt; &amp; co");
    expect(mdCell("back\\slash|")).toBe("back\\\\slash\\|");
  });
  it("puts text outside tables on one line", () => {
    expect(mdInline("Title\n\n  with breaks ")).toBe("Title with breaks");
  });
});

describe("pre-fill columns", () => {
  const cols = (...keys: string[]) => keys.map((key) => ({ key, label: "" }));
  it("uses the template's went-well and to-improve columns", () => {
    expect(columnFor(cols("went_well", "to_improve", "ideas"), "good")).toBe("went_well");
    expect(columnFor(cols("went_well", "to_improve", "ideas"), "bad")).toBe("to_improve");
    expect(columnFor(cols("start", "stop", "continue"), "good")).toBe("continue");
    expect(columnFor(cols("start", "stop", "continue"), "bad")).toBe("stop");
    expect(columnFor(cols("mad", "sad", "glad"), "good")).toBe("glad");
    expect(columnFor(cols("liked", "learned", "lacked", "longed_for"), "bad")).toBe("lacked");
  });
  it("falls back to the first and second columns of a custom template", () => {
    expect(columnFor(cols("wind", "anchor"), "good")).toBe("wind");
    expect(columnFor(cols("wind", "anchor"), "bad")).toBe("anchor");
    expect(columnFor(cols("only"), "bad")).toBe("only");
  });
});
