import { z } from "zod";

export const modelNameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must start with a letter or digit and use letters, digits, _ . - only");

export const aliasNameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z][a-z0-9_-]*$/, "must start with a lowercase letter and use lowercase letters, digits, _ - only");
