// Minimal protobuf wire-format reader: splits a message into its top-level fields and keeps each
// field's exact bytes, so a rewrite can change one field and copy every other one byte for byte
// (unknown fields, field order and encodings included) without a schema for them.

export const WIRE = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

export type ProtoField = {
  field: number;
  wireType: number;
  /** The whole field as it sits in the message: tag, length prefix (if any) and payload. */
  raw: Uint8Array;
  /** The payload: the bytes of a length-delimited field, the encoded value of the others. */
  payload: Uint8Array;
};

export class ProtobufReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufReadError";
  }
}

/** Reads a varint at `offset`; values beyond 2^53 are not needed here (lengths, tags, enums). */
export function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let at = offset;
  for (let i = 0; i < 10; i++) {
    if (at >= bytes.length) throw new ProtobufReadError(`truncated varint at byte ${offset}`);
    const byte = bytes[at++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: at };
    scale *= 128;
  }
  throw new ProtobufReadError(`varint longer than 10 bytes at byte ${offset}`);
}

/** Every top-level field of one message, in order. */
export function readFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const tag = readVarint(bytes, at);
    at = tag.next;
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    if (field < 1) throw new ProtobufReadError(`invalid field number 0 at byte ${start}`);
    let payloadStart = at;
    switch (wireType) {
      case WIRE.varint:
        at = readVarint(bytes, at).next;
        break;
      case WIRE.fixed64:
        at += 8;
        break;
      case WIRE.fixed32:
        at += 4;
        break;
      case WIRE.lengthDelimited: {
        const length = readVarint(bytes, at);
        payloadStart = length.next;
        at = length.next + length.value;
        break;
      }
      default:
        throw new ProtobufReadError(`unsupported wire type ${wireType} at byte ${start}`);
    }
    if (at > bytes.length) throw new ProtobufReadError(`field ${field} at byte ${start} runs past the end`);
    fields.push({ field, wireType, raw: bytes.subarray(start, at), payload: bytes.subarray(payloadStart, at) });
  }
  return fields;
}

const textDecoder = new TextDecoder("utf-8", { fatal: false });

/** The string value of every length-delimited field with this number. */
export function stringsOf(fields: readonly ProtoField[], field: number): string[] {
  return fields.filter((f) => f.field === field && f.wireType === WIRE.lengthDelimited).map((f) => textDecoder.decode(f.payload));
}

/** The first occurrence's string, or undefined. */
export function stringOf(fields: readonly ProtoField[], field: number): string | undefined {
  return stringsOf(fields, field)[0];
}

/** Repeated int64 values, packed or not. */
export function intsOf(fields: readonly ProtoField[], field: number): number[] {
  const values: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wireType === WIRE.varint) values.push(signed(readVarint(f.payload, 0).value));
    else if (f.wireType === WIRE.lengthDelimited) {
      let at = 0;
      while (at < f.payload.length) {
        const v = readVarint(f.payload, at);
        values.push(signed(v.value));
        at = v.next;
      }
    }
  }
  return values;
}

// Negative int64 values arrive as 64-bit two's complement; class labels are small, so a value at or
// above 2^63 can only be a negative one.
const signed = (value: number) => (value >= 2 ** 63 ? value - 2 ** 64 : value);

/** Concatenates raw field bytes into one message. */
export function joinFields(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
