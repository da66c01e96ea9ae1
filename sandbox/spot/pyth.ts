/**
 * Pyth Hermes under `/pyth`: `GET /v2/updates/price/latest?ids[]=<feed id>&ids[]=…` →
 * `{binary: {encoding, data}, parsed: [{id, price: {price, conf, expo, publish_time}, ema_price,
 * metadata}]}`; the same updates as server-sent events on `GET /v2/updates/price/stream` (one
 * event whenever a publish time moves on); `GET /v2/price_feeds` lists the feeds. Feed ids are the
 * real Pyth Core BTC/ETH/SOL/XRP USD ids, with or without `0x`; integer prices are strings scaled
 * by 10^expo; times in seconds; unknown ids → 404 text.
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import type { SandboxInstance } from "../server.ts";
import { prices, quoteTime, unit } from "./common.ts";

function scaled(value: number, expo: number): string {
  return BigInt(Math.round(value * 10 ** -expo)).toString();
}

function feed(app: SandboxInstance, asset: Asset) {
  const t = quoteTime(app, ["pyth"], asset.symbol);
  const model = prices(app);
  const { price, ts } = model.quote("pyth", asset.symbol, t);
  const ema = model.quote("pyth", asset.symbol, ts - 60_000).price;
  const publishTime = Math.floor(ts / 1000);
  const conf = price * (0.00003 + 0.00004 * unit(app.options.seed, `pyth-conf:${asset.symbol}`, publishTime));
  return {
    id: asset.pythId,
    price: { price: scaled(price, asset.pythExpo), conf: scaled(conf, asset.pythExpo), expo: asset.pythExpo, publish_time: publishTime },
    ema_price: { price: scaled(ema, asset.pythExpo), conf: scaled(conf * 1.1, asset.pythExpo), expo: asset.pythExpo, publish_time: publishTime },
    metadata: { slot: Math.floor(ts / 400) - 4_300_000_000, proof_available_time: publishTime + 1, prev_publish_time: publishTime - 1 },
  };
}

function text(body: string, status: number): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** The update for the requested feeds, or the text error Hermes answers. */
function update(app: SandboxInstance, url: URL): Response | { binary: unknown; parsed?: ReturnType<typeof feed>[] } {
  const ids = [...url.searchParams.getAll("ids[]"), ...url.searchParams.getAll("ids")];
  if (ids.length === 0) return text("Failed to deserialize query string: missing field `ids`", 400);
  const bad = ids.find((id) => !/^(0x)?[0-9a-fA-F]{64}$/.test(id));
  if (bad) return text(`Failed to deserialize query string: Invalid price id: ${bad}`, 400);
  const normalized = ids.map((id) => id.replace(/^0x/, "").toLowerCase());
  const unknown = normalized.filter((id) => !ASSETS.some((asset) => asset.pythId === id));
  if (unknown.length > 0) return text(`Price ids not found: ${unknown.join(", ")}`, 404);
  const feeds = normalized.map((id) => feed(app, ASSETS.find((asset) => asset.pythId === id)!));
  // A stand-in for the signed update (starts with Pyth's "PNAU" magic); nothing verifies it here.
  const hex = `504e4155010000000001${feeds.map((entry) => entry.price.price.padStart(16, "0")).join("")}`;
  const encoding = url.searchParams.get("encoding") === "base64" ? "base64" : "hex";
  const binary = { encoding, data: [encoding === "hex" ? hex : Buffer.from(hex, "hex").toString("base64")] };
  return url.searchParams.get("parsed") === "false" ? { binary } : { binary, parsed: feeds };
}

/** How often (real ms) an open stream checks for a new publish time. */
const STREAM_CHECK_MS = 200;

/** Server-sent events: the current update at once, then one each time a feed's publish time changes. */
function stream(app: SandboxInstance, url: URL): Response {
  const first = update(app, url);
  if (first instanceof Response) return first;
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = "";
      const send = () => {
        const next = update(app, url) as { binary: unknown; parsed?: ReturnType<typeof feed>[] };
        const times = JSON.stringify(next.binary);
        if (times === last || app.faults.active("pyth", "silent")) return;
        last = times;
        controller.enqueue(encoder.encode(`data:${JSON.stringify(next)}\n\n`));
      };
      send();
      timer = setInterval(send, STREAM_CHECK_MS);
      void app.stoppedSignal.then(() => {
        clearInterval(timer);
        if (open) controller.close();
        open = false;
      });
    },
    cancel() {
      clearInterval(timer);
      open = false;
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}

/** `price_feeds?query=&asset_type=`: the feeds whose symbol or base contains the query. */
function priceFeeds(url: URL) {
  const query = (url.searchParams.get("query") ?? "").toLowerCase();
  const type = (url.searchParams.get("asset_type") ?? "").toLowerCase();
  if (type !== "" && type !== "crypto") return [];
  return ASSETS.filter((asset) => query === "" || `crypto.${asset.symbol}/usd`.toLowerCase().includes(query)).map((asset) => ({
    id: asset.pythId,
    attributes: {
      asset_type: "Crypto",
      base: asset.symbol,
      description: `${asset.coingecko.toUpperCase()} / US DOLLAR`,
      display_symbol: `${asset.symbol}/USD`,
      generic_symbol: `${asset.symbol}USD`,
      quote_currency: "USD",
      schedule: "",
      symbol: `Crypto.${asset.symbol}/USD`,
    },
  }));
}

export function registerPyth(app: SandboxInstance): void {
  app.route("pyth", "GET", "/v2/updates/price/latest", ({ url }) => update(app, url));
  app.route("pyth", "GET", "/v2/updates/price/stream", ({ url }) => stream(app, url));
  app.route("pyth", "GET", "/v2/price_feeds", ({ url }) => priceFeeds(url));
}
