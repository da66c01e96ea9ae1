/**
 * The official `@polymarket/real-time-data-client`, unchanged but for its host, against the
 * sandbox's RTDS: `crypto_prices` with the README's `{"symbol":"btcusdt"}` filter and
 * `crypto_prices_chainlink` with `{"symbol":"btc/usd"}`, on the shared port and on RTDS's own port.
 */
import { afterAll, beforeAll, describe, expect, spyOn, test } from "bun:test";
import { ConnectionStatus, type Message, RealTimeDataClient } from "@polymarket/real-time-data-client";
import { START, useVenue } from "./venue.ts";

/** Connects the client and resolves once it is connected; `next(match)` waits for a matching message. */
function client(host: string) {
  const received: Message[] = [];
  const waiters: { match: (message: Message) => boolean; resolve: (message: Message) => void }[] = [];
  const connected = Promise.withResolvers<RealTimeDataClient>();
  const rtds = new RealTimeDataClient({
    host,
    onConnect: (self) => connected.resolve(self),
    onStatusChange: (status) => status === ConnectionStatus.DISCONNECTED && connected.reject(new Error(`could not connect to ${host}`)),
    onMessage: (_, message) => {
      const index = waiters.findIndex((waiter) => waiter.match(message));
      if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
      else received.push(message);
    },
  }).connect();
  return {
    connected: connected.promise,
    received,
    next(match: (message: Message) => boolean): Promise<Message> {
      const index = received.findIndex(match);
      if (index >= 0) return Promise.resolve(received.splice(index, 1)[0]!);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    disconnect: () => rtds.disconnect(),
  };
}

type Price = { symbol: string; timestamp: number; value: number };

for (const ports of ["shared", "separate"] as const) {
  describe(`RTDS client (${ports} ports)`, () => {
    const sandbox = useVenue({ seed: 23, ports });
    // The client logs every text frame without a payload (the answer to its ping) with console.log.
    const quiet = spyOn(console, "log");
    beforeAll(() => void quiet.mockImplementation(() => {}));
    afterAll(() => quiet.mockRestore());

    test("crypto_prices {symbol: btcusdt} and crypto_prices_chainlink {symbol: btc/usd}: current values, then one per new second", async () => {
      const rtds = client(sandbox.services.rtds!);
      const connected = await rtds.connected;
      try {
        connected.subscribe({
          subscriptions: [
            { topic: "crypto_prices", type: "update", filters: '{"symbol":"btcusdt"}' },
            { topic: "crypto_prices_chainlink", type: "*", filters: '{"symbol":"btc/usd"}' },
          ],
        });
        const binance = await rtds.next((m) => m.topic === "crypto_prices");
        const chainlink = await rtds.next((m) => m.topic === "crypto_prices_chainlink");
        expect(binance.type).toBe("update");
        expect(binance.payload).toEqual({ symbol: "btcusdt", timestamp: START, value: expect.any(Number) });
        expect(chainlink.payload as Price).toMatchObject({ symbol: "btc/usd", timestamp: START });
        expect(Math.abs((binance.payload as Price).value / sandbox.app.prices!.truth("BTC", START) - 1)).toBeLessThan(0.001);

        await sandbox.admin.advance(1_000);
        const later = await rtds.next((m) => m.topic === "crypto_prices_chainlink");
        expect((later.payload as Price).timestamp).toBe(START + 1_000);
        await rtds.next((m) => m.topic === "crypto_prices" && (m.payload as Price).timestamp > START);
        expect(rtds.received.every((m) => ["btcusdt", "btc/usd"].includes((m.payload as Price).symbol))).toBe(true);
      } finally {
        rtds.disconnect();
      }
    });
  });
}
