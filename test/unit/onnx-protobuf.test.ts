import { describe, expect, it } from "vitest";
import { ProtoWriter } from "@/lib/onnx/protobuf-writer";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// Expected bytes are taken from the protobuf encoding guide, not from this writer.
describe("ProtoWriter", () => {
  it("encodes varints", () => {
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe("089601");
    expect(hex(new ProtoWriter().int(1, 0).finish())).toBe("0800");
    expect(hex(new ProtoWriter().int(2, 300).finish())).toBe("10ac02");
    // 2^53 - 1 must not be truncated to 32 bits.
    expect(hex(new ProtoWriter().int(1, Number.MAX_SAFE_INTEGER).finish())).toBe("08ffffffffffffff0f");
    expect(hex(new ProtoWriter().int(1, 1n << 62n).finish())).toBe("08808080808080808040");
  });

  it("encodes negative int64 as ten-byte two's complement", () => {
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe("08ffffffffffffffffff01");
    expect(hex(new ProtoWriter().int(1, -2n).finish())).toBe("08feffffffffffffffff01");
  });

  it("encodes large field numbers in the tag", () => {
    // field 20, wire type 0 -> (20 << 3) = 160 -> varint a0 01
    expect(hex(new ProtoWriter().int(20, 1).finish())).toBe("a00101");
  });

  it("encodes fixed32 floats little-endian", () => {
    // field 2, wire type 5 -> 0x15; 1.5f = 0x3fc00000
    expect(hex(new ProtoWriter().float(2, 1.5).finish())).toBe("150000c03f");
  });

  it("encodes strings and nested messages as length-delimited", () => {
    expect(hex(new ProtoWriter().string(2, "testing").finish())).toBe("120774657374696e67");
    const inner = new ProtoWriter().int(1, 150).finish();
    expect(hex(new ProtoWriter().message(3, inner).finish())).toBe("1a03089601");
    expect(hex(new ProtoWriter().string(1, "é").finish())).toBe("0a02c3a9");
  });

  it("encodes packed repeated fields", () => {
    expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe("2206038e029ea705");
    expect(hex(new ProtoWriter().packedFloats(1, [1, -2]).finish())).toBe("0a080000803f000000c0");
  });

  it("grows past its initial buffer", () => {
    const big = new Uint8Array(10_000).fill(7);
    const out = new ProtoWriter().int(1, 1).bytes(2, big).int(3, 2).finish();
    expect(out.length).toBe(2 + 3 + 10_000 + 2);
    expect(hex(out.subarray(0, 5))).toBe("080112904e");
    expect(hex(out.subarray(out.length - 2))).toBe("1802");
  });

  it("rejects values it cannot encode", () => {
    expect(() => new ProtoWriter().int(1, 1.5)).toThrow(RangeError);
    expect(() => new ProtoWriter().int(1, 1n << 64n)).toThrow(RangeError);
    expect(() => new ProtoWriter().int(0, 1)).toThrow(RangeError);
  });
});
