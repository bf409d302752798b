import { describe, expect, it } from "vitest";
import { axisTicks } from "@/lib/format/axis-ticks";

describe("axisTicks", () => {
  it("runs from 0 past the largest value in whole, round steps", () => {
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(1)).toEqual([0, 1]);
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(axisTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(axisTicks(4480)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });
});
