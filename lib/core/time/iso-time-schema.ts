import { z } from "zod";

/** A time as every API answer writes it: Date.toISOString(), UTC with milliseconds. */
export const isoTimeSchema = z.iso.datetime();
