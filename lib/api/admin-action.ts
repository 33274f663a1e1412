import "server-only";
import { revalidatePath } from "next/cache";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { getDatabase } from "@/lib/db/get-database";
import type { Database } from "@/lib/db/open-database";

/**
 * What every dashboard mutation returns to its form: a success line, or the error's message with
 * one line per detail ("field: problem", or the problem alone when it names no field).
 */
export type ActionState = { ok?: string; error?: string; details?: string[] };

type Schema<T> = Parameters<typeof parseOrThrow<T>>[0];

export type AdminActionContext<T> = { input: T; actor: string; db: Database };

/**
 * The one wrapper of the dashboard's server actions (the `apiRoute` of forms): refuses without a
 * live admin session whatever the page showed, reads the form through a zod schema, passes the
 * session's subject as the audit actor, revalidates the page, and turns an ApiError into the one
 * form error shape. Anything else is a bug and is thrown, so Next logs it and shows its error page.
 */
export function adminAction<T, S extends ActionState>(
  options: { schema: Schema<T>; read: (form: FormData) => unknown; revalidate: (input: T) => string },
  work: (context: AdminActionContext<T>) => Promise<S>,
): (state: S, form: FormData) => Promise<S> {
  return async (_state, form) => {
    try {
      const session = await requireDashboardSession({ admin: true, refuseWith: "Your session has ended; sign in again" });
      const input = parseOrThrow(options.schema, options.read(form), "form");
      const result = await work({ input, actor: session.sub, db: await getDatabase() });
      revalidatePath(options.revalidate(input));
      return result;
    } catch (error) {
      if (error instanceof ApiError) return actionError(error) as S;
      throw error;
    }
  };
}

export function actionError(error: ApiError): ActionState {
  const details = (error.details as { path?: string; message?: string }[] | undefined)
    ?.filter((d) => typeof d?.message === "string")
    .map((d) => (d.path && d.path !== "(root)" ? `${d.path}: ${d.message}` : (d.message as string)));
  return details?.length ? { error: error.message, details } : { error: error.message };
}

/** A form field as text ("" when absent), for the `read` of an action. */
export const formText = (form: FormData, name: string) => String(form.get(name) ?? "");
