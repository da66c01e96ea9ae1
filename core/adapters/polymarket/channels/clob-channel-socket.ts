/**
 * The socket the CLOB's channels (market, user) sit on: a ReconnectingSocket to `{clob_ws_url}` +
 * the channel's path, with a text `PING` every few seconds, which the venue answers `PONG`; so an
 * open socket that delivers nothing at all, not even the answer, is silent and replaced.
 */
import { type OpenSocket, openReconnectingSocket, type ReconnectingSocketOptions, type Socket } from "../../../ws/reconnecting-socket.ts";

export type ClobSocketSettings = {
  /** `{clob_ws_url}` (the channel's path is appended). */
  wsUrl: string;
  random?: () => number;
  pingEveryMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Where the socket comes from (default a ReconnectingSocket; a replay's stand-in). */
  openSocket?: OpenSocket;
};

type Owner = Pick<ReconnectingSocketOptions, "stats" | "onOpen" | "onMessage" | "onState"> & {
  /** Whether nothing has arrived for too long on the current socket. */
  quiet(): boolean;
};

export function openClobChannelSocket(path: "/ws/market" | "/ws/user", settings: ClobSocketSettings, owner: Owner): Socket {
  const ping = settings.pingEveryMs ?? 3_000;
  return (settings.openSocket ?? openReconnectingSocket)({
    url: `${settings.wsUrl.replace(/\/+$/, "")}${path}`,
    keepalive: { message: "PING", everyMs: ping },
    checkEveryMs: Math.min(250, ping),
    random: settings.random,
    reconnectBaseMs: settings.reconnectBaseMs,
    reconnectMaxMs: settings.reconnectMaxMs,
    stats: owner.stats,
    onOpen: owner.onOpen,
    onMessage: owner.onMessage,
    onState: owner.onState,
    silence: () => (owner.quiet() ? "silent: open but no data, not even PONG" : undefined),
  });
}
