import "server-only";
import type { InferenceSession } from "onnxruntime-node";
import type { Database } from "@/lib/db/open-database";
import { loadSession } from "./load-session";

// One ONNX Runtime session per model version, created once per process. Versions are immutable,
// so entries never go stale; kept on globalThis so `next dev` reloads do not reload every model.
const holder = globalThis as unknown as { __tidemarkSessions?: Map<string, Promise<InferenceSession>> };
const sessions = (holder.__tidemarkSessions ??= new Map());

export function rememberSession(versionId: string, session: InferenceSession): void {
  sessions.set(versionId, Promise.resolve(session));
}

export function getSession(db: Database, versionId: string, artifactSha: string): Promise<InferenceSession> {
  let pending = sessions.get(versionId);
  if (!pending) {
    pending = (async () => {
      const artifact = await db.prisma.modelArtifact.findUniqueOrThrow({ where: { sha256: artifactSha } });
      return loadSession(artifact.bytes);
    })();
    pending.catch(() => sessions.delete(versionId));
    sessions.set(versionId, pending);
  }
  return pending;
}
