/** What the CLOB's WebSocket channels (market, user) share: text `PING` answers `PONG`, anything else is a JSON object or ignored. */
import type { SandboxInstance } from "./server.ts";
import type { SandboxSocket } from "./types.ts";

/** The client's message as a JSON object; undefined after answering a PING or for anything else. */
export function clobSocketMessage(app: SandboxInstance, ws: SandboxSocket, raw: string | Buffer): Record<string, unknown> | undefined {
  const text = typeof raw === "string" ? raw : raw.toString();
  if (text.trim() === "PING") {
    app.publish(ws, "PONG");
    return undefined;
  }
  try {
    const message: unknown = JSON.parse(text);
    return message && typeof message === "object" && !Array.isArray(message) ? (message as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
