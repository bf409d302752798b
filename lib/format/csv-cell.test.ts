import { describe, expect, it } from "vitest";
import { csvCell } from "@/lib/format/csv-cell";

describe("csvCell", () => {
  it("prefixes formula starters, quotes separators, and leaves the rest alone", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell('=HYPERLINK("x", "y")')).toBe(`"'=HYPERLINK(""x"", ""y"")"`);
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell("Entra ID brief 3-2")).toBe("Entra ID brief 3-2");
  });

  it("writes numbers as numbers, negative ones too", () => {
    expect(csvCell(0)).toBe("0");
    expect(csvCell(-1)).toBe("-1");
  });
});
