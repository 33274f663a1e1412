import { z } from "zod";

/**
 * Destinations: where notifications go. Each kind splits into what may be shown (config) and what
 * must not (secrets, stored encrypted and never returned).
 */

export const DESTINATION_KINDS = ["webhook", "slack", "email"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const destinationNameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, "must start with a lowercase letter or digit and use lowercase letters, digits, _ . -");

const httpUrl = z
  .url({ error: "must be an http(s) URL" })
  .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL" });
const email = z.email({ error: "must be an email address" });

export const webhookFields = z.object({
  url: httpUrl,
  // Receivers verify X-Tidemark-Signature with it; long enough not to be guessed.
  secret: z.string().min(16, "must be at least 16 characters").max(512),
});
export const slackFields = z.object({ url: httpUrl });
export const emailFields = z.object({
  host: z.string().min(1, "must name the SMTP server").max(255),
  port: z.number().int().min(1).max(65535).default(587),
  // true: TLS from the first byte (port 465); false: plain, upgraded by STARTTLS when offered.
  secure: z.boolean().default(false),
  // Refuse to send unless the server upgrades to TLS.
  requireTLS: z.boolean().default(false),
  username: z.string().min(1).max(255).optional(),
  password: z.string().min(1).max(1024).optional(),
  from: email,
  to: z.array(email).min(1, "must list at least one recipient").max(50, "must list at most 50 recipients"),
});

/** The fields of each kind that are stored sealed. */
export const SECRET_FIELDS: Record<DestinationKind, readonly string[]> = {
  webhook: ["secret"],
  slack: ["url"],
  email: ["password"],
};

const FIELDS = { webhook: webhookFields, slack: slackFields, email: emailFields } as const;

export type DestinationFields =
  | ({ kind: "webhook" } & z.infer<typeof webhookFields>)
  | ({ kind: "slack" } & z.infer<typeof slackFields>)
  | ({ kind: "email" } & z.infer<typeof emailFields>);

export const createDestinationSchema = z.discriminatedUnion(
  "kind",
  [
    webhookFields
      .extend({ kind: z.literal("webhook"), name: destinationNameSchema, enabled: z.boolean().default(true) })
      .strict(),
    slackFields.extend({ kind: z.literal("slack"), name: destinationNameSchema, enabled: z.boolean().default(true) }).strict(),
    emailFields.extend({ kind: z.literal("email"), name: destinationNameSchema, enabled: z.boolean().default(true) }).strict(),
  ],
  { error: "kind must be one of webhook, slack, email" },
);
export type CreateDestinationInput = z.infer<typeof createDestinationSchema>;

/** A change: any field of the destination's kind (name and kind stay), or enabled. */
export const updateDestinationSchema = z
  .record(z.string(), z.unknown(), { error: "must be a JSON object" })
  .refine((u) => Object.keys(u).length > 0, { message: "must change at least one field" })
  .describe(
    "Any fields of the destination's kind as in DestinationCreate (not name or kind), and/or enabled; the result is validated as a whole",
  );

export function fieldsSchemaFor(kind: DestinationKind) {
  return FIELDS[kind];
}

/** Splits validated fields into what is shown and what is sealed. */
export function splitFields(fields: DestinationFields): { config: Record<string, unknown>; secrets: Record<string, string> } {
  switch (fields.kind) {
    case "webhook":
      return { config: { url: fields.url }, secrets: { secret: fields.secret } };
    case "slack":
      // The incoming-webhook URL is the credential: only its host is shown.
      return { config: { host: new URL(fields.url).host }, secrets: { url: fields.url } };
    case "email": {
      const { password, kind: _kind, ...config } = fields;
      return { config, secrets: password ? { password } : {} };
    }
  }
}

/** Puts shown and sealed parts back together (for sending, and for merging a change). */
export function joinFields(
  kind: DestinationKind,
  config: Record<string, unknown>,
  secrets: Record<string, string>,
): DestinationFields {
  switch (kind) {
    case "webhook":
      return { kind, url: String(config.url), secret: secrets.secret };
    case "slack":
      return { kind, url: secrets.url };
    case "email":
      return {
        kind,
        ...(config as Omit<z.infer<typeof emailFields>, "password">),
        ...(secrets.password ? { password: secrets.password } : {}),
      };
  }
}

/** Ports an allow-list entry without a port admits: the scheme's own, or SMTP's relay and submission ports. */
export const SMTP_DEFAULT_PORTS = [25, 465, 587] as const;

/** Host, port and default ports a destination connects to, for the allow-list. */
export function destinationTarget(fields: DestinationFields): { host: string; port: number; defaultPorts: readonly number[] } {
  if (fields.kind === "email") return { host: fields.host, port: fields.port, defaultPorts: SMTP_DEFAULT_PORTS };
  const url = new URL(fields.url);
  const defaultPort = url.protocol === "https:" ? 443 : 80;
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort, defaultPorts: [defaultPort] };
}
