import { describe, expect, it } from "vitest";
import { applyDrift, parseDriftSpec } from "@/lib/simulation/drift-spec";

describe("simulation drift spec", () => {
  it("parses every kind of change", () => {
    expect(parseDriftSpec("amount+=30@0.5, amount*=1.5@0.6,country=FR@0.7,labels:flip@0.75")).toEqual([
      { at: 0.5, kind: "add", feature: "amount", amount: 30 },
      { at: 0.6, kind: "scale", feature: "amount", amount: 1.5 },
      { at: 0.7, kind: "set", feature: "country", value: "FR" },
      { at: 0.75, kind: "flip-labels" },
    ]);
    expect(parseDriftSpec(undefined)).toEqual([]);
  });

  it.each([
    ["amount+=30", "end with @FRACTION"],
    ["amount+=30@2", "end with @FRACTION"],
    ["amount-=3@0.5", "expected FEATURE+=N"],
  ])("refuses %s clearly", (spec, message) => {
    expect(() => parseDriftSpec(spec)).toThrow(message);
  });

  it("applies only the changes whose start has passed", () => {
    const changes = parseDriftSpec("amount+=30@0.5,labels:flip@0.75,is_new=true@0.5");
    const base = { amount: 10, is_new: false };
    const label = { value: "fraud", classes: ["legit", "fraud"] };
    expect(applyDrift(changes, 0.4, base, label)).toEqual({ record: base, label: "fraud" });
    expect(applyDrift(changes, 0.6, base, label)).toEqual({ record: { amount: 40, is_new: true }, label: "fraud" });
    expect(applyDrift(changes, 0.8, base, label)).toEqual({ record: { amount: 40, is_new: true }, label: "legit" });
  });
});
