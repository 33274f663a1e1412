import type { z } from "zod";

/**
 * The documented body of a batch endpoint: its envelope, with `key`'s items described by the
 * schema each item is validated with. The envelope takes items as unknown on purpose (one bad item
 * is rejected beside the good ones, not the whole request); the reference still shows what an item
 * must look like. The array keeps the envelope's own limits.
 */
export function withItems(envelope: z.ZodObject, key: string, item: z.ZodType): z.ZodObject {
  const array = envelope.shape[key] as z.ZodArray;
  return envelope.extend({ [key]: array.clone({ ...array._zod.def, element: item }) });
}
