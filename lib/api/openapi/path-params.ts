import { z } from "zod";

/** Path parameters shared by many operations. Routes read them as strings and look them up. */
export const modelParam = z.string().describe("The model's name");
export const modelPath = z.object({ name: modelParam });
export const idPath = (what: string) => z.object({ id: z.string().describe(what) });
