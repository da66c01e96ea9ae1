/// <reference lib="dom" />
/**
 * The report page's script, run in the browser: it reads the data object inlined in the page
 * (`#report-data`, a `ReportData`) and draws every section from it. On the dashboard (`#page-config`
 * says `live`) it fetches a fresh object every few seconds and draws again, and posts the kill switch
 * with the token a person pastes (the page never holds it).
 *
 * Text from the store (slugs, alert messages) only ever goes in through `textContent`.
 */
import type { CalibrationCurve, LiveSection, ReportData } from "../data.ts";
import { barChart, curveChart, type Drawn, histogramChart, num, timeChart } from "./charts.ts";

type PageConfig = { live: { data_url: string; kill_url: string; refresh_ms: number } | null };
type Cell = string | number | null | undefined;

const drawn: Drawn[] = [];
/** Charts to draw once the page's new content is in the document. */
const pending: (() => void)[] = [];

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function table(id: string, columns: string[], rows: Cell[][], empty: string): HTMLElement {
  if (rows.length === 0) return el("p", { class: "empty", id }, empty);
  const head = el("tr", {}, ...columns.map((column) => el("th", {}, column)));
  const body = rows.map((row) => el("tr", {}, ...row.map((cell) => el("td", {}, cell === null || cell === undefined ? "—" : String(cell)))));
  return el("table", { id }, el("thead", {}, head), el("tbody", {}, ...body));
}

const empty = (text: string) => el("p", { class: "empty" }, text);

function section(id: string, title: string, ...children: (Node | string)[]): HTMLElement {
  return el("section", { id }, el("h2", {}, title), ...children);
}

/** A chart's holder; `draw` runs once the holder is in the document (uPlot measures it). */
function chart(name: string, draw: (holder: HTMLElement) => Drawn): HTMLElement {
  const holder = el("div", { class: "chart", "data-chart": name });
  pending.push(() => drawn.push(draw(holder)));
  return holder;
}

const money = (value: number) => value.toFixed(2);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const LAG_BUCKETS = ["0", "250ms", "500ms", "1s", "2s", "4s", "8s", "16s", "32s", "≥64s"];

function header(data: ReportData): HTMLElement {
  return el(
    "header",
    {},
    el("h1", {}, data.title),
    el("p", { class: "meta" }, `${data.source} · ${data.mode} · bankroll ${data.bankroll} USDC · ${data.since ? `since ${data.since} · ` : ""}generated ${data.generated_at}`),
  );
}

function liveSections(live: LiveSection): HTMLElement[] {
  const kill = live.kill_switch;
  const loops = live.loops.map((loop) => [
    loop.mode,
    loop.state,
    loop.alive ? "yes" : "no",
    loop.pid,
    loop.heartbeat_at,
    loop.heartbeat_age_ms === null ? null : `${Math.round(loop.heartbeat_age_ms / 1000)} s`,
    loop.last_error?.message,
  ]);
  const feeds = live.loops.flatMap((loop) => loop.feeds.map((feed) => [loop.mode, feed.feed, feed.status, feed.since, feed.last_data_at, feed.markets, feed.downs, feed.reason]));
  return [
    section(
      "kill-state",
      "Kill switch",
      el(
        "p",
        { class: kill ? "state halted" : "state armed", id: "kill-switch-state" },
        kill ? `SET — ${kill.reason} (since ${kill.since}${kill.by ? `, by ${kill.by}` : ""})` : "not set: trading allowed",
      ),
    ),
    section("loop", "Loop", table("loop-table", ["mode", "state", "alive", "pid", "heartbeat", "age", "last error"], loops, "no loop has written a heartbeat to this store")),
    section("feeds", "Feeds", table("feeds-table", ["mode", "feed", "status", "since", "last data", "markets", "downs", "reason"], feeds, "no feeds reported")),
    section(
      "positions",
      "Open positions",
      table(
        "positions-table",
        ["market", "outcome", "size", "cost", "fees", "mark", "marked at", "unrealised"],
        live.open_positions.map((p) => [p.slug, p.outcome, p.size, p.cost, p.fees, p.mark_price, p.marked_at, p.unrealised_pnl]),
        "no open positions",
      ),
    ),
    section(
      "orders",
      "Open and uncertain orders",
      table(
        "orders-table",
        ["created", "market", "outcome", "status", "limit", "size", "reason"],
        live.open_orders.map((o) => [o.created_at, o.slug, o.outcome, o.status, o.limit_price, o.size, o.reason]),
        "no open or uncertain orders",
      ),
    ),
    section(
      "alerts",
      "Alerts",
      table(
        "alerts-table",
        ["at", "priority", "title", "message"],
        live.alerts.map((a) => [a.at, a.priority, a.title, a.message]),
        "no alerts",
      ),
    ),
  ];
}

function calibrationCharts(curves: CalibrationCurve[]): HTMLElement[] {
  const groups = new Map<string, CalibrationCurve[]>();
  for (const curve of curves) {
    const key = `${curve.series} · ${curve.minutes_left} min left`;
    groups.set(key, [...(groups.get(key) ?? []), curve]);
  }
  return [...groups].map(([title, group], index) =>
    el(
      "figure",
      {},
      el("figcaption", {}, title),
      chart(`calibration-${index}`, (holder) =>
        curveChart(
          holder,
          [
            {
              label: "perfect",
              points: [
                [0, 0],
                [1, 1],
              ],
              dash: [4, 4],
            },
            ...group.map((curve) => ({
              label: `${curve.forecaster} (n ${curve.n}, Brier ${Number(curve.brier).toFixed(4)})`,
              points: curve.bins.flatMap((bin) =>
                bin.mean_forecast === null || bin.observed === null ? [] : [[Number(bin.mean_forecast), Number(bin.observed)] as [number, number]],
              ),
            })),
          ],
          { x: "forecast P(Up)", y: "observed frequency" },
        ),
      ),
    ),
  );
}

function render(data: ReportData): void {
  for (const old of drawn.splice(0)) old.destroy();
  const opp = data.opportunities;
  const parts: HTMLElement[] = [
    header(data),
    ...(data.live ? liveSections(data.live) : []),
    section(
      "equity",
      "Equity and drawdown (realised)",
      data.equity.length < 2
        ? empty(`no settled positions in this period: equity is the bankroll, ${data.bankroll} USDC`)
        : chart("equity", (holder) =>
            timeChart(
              holder,
              data.equity.map((p) => p.at),
              [
                { label: "equity", values: data.equity.map((p) => num(p.equity)), format: money },
                { label: "drawdown", values: data.equity.map((p) => num(p.drawdown)), format: percent },
              ],
            ),
          ),
    ),
    section(
      "pnl",
      "Realised P&L by series",
      data.pnl.length === 0
        ? empty("no settled positions in this period")
        : chart("pnl", (holder) =>
            barChart(
              holder,
              data.pnl.map((row) => `${row.series}`),
              [{ label: "realised P&L", values: data.pnl.map((row) => num(row.realised_pnl)) }],
            ),
          ),
      table(
        "pnl-table",
        ["series", "symbol", "positions", "realised P&L", "fees"],
        data.pnl.map((row) => [row.series, row.symbol, row.positions, row.realised_pnl, row.fees]),
        "",
      ),
    ),
    section(
      "fees-edge",
      "Fees paid vs edge captured",
      data.fees_vs_edge.length === 0
        ? empty("no fills in this period")
        : chart("fees-edge", (holder) =>
            barChart(
              holder,
              data.fees_vs_edge.map((row) => row.symbol),
              [
                { label: "edge captured", values: data.fees_vs_edge.map((row) => num(row.edge_captured)) },
                { label: "fees paid", values: data.fees_vs_edge.map((row) => num(row.fees_paid)) },
              ],
            ),
          ),
    ),
    section(
      "opportunities",
      "Opportunities",
      opp
        ? chart("opportunities", (holder) =>
            barChart(holder, ["seen", "taken", "vanished", "untried"], [{ label: "opportunities", values: [opp.seen, opp.taken, opp.vanished, opp.untried] }]),
          )
        : empty("the store holds no opportunities for this period"),
    ),
    section(
      "lag",
      "Lag of the books behind spot",
      data.lag.length === 0
        ? empty("no lag measured yet (a run loop measures it)")
        : chart("lag", (holder) =>
            histogramChart(
              holder,
              LAG_BUCKETS,
              data.lag.map((row) => ({ label: `${row.symbol} ${row.series} (${row.mode})`, counts: row.histogram })),
            ),
          ),
      table(
        "lag-table",
        ["mode", "symbol", "series", "samples", "median ms", "p90 ms", "last ms", "open gaps", "dropped", "measured"],
        data.lag.map((row) => [row.mode, row.symbol, row.series, row.samples, row.median_ms, row.p90_ms, row.last_ms, row.open_gaps, row.dropped, row.measured_at]),
        "",
      ),
    ),
    ...(data.calibration ? [section("calibration", "Calibration: reliability (the model beside the market)", ...calibrationCharts(data.calibration))] : []),
    section(
      "fills",
      "Fills",
      table(
        "fills-table",
        ["at", "market", "outcome", "side", "price", "size", "fee", "fill status", "order status"],
        data.fills.map((f) => [f.at, f.slug, f.outcome, f.side, f.price, f.size, f.fee, f.status, f.order_status]),
        "no fills in this period",
      ),
    ),
  ];
  document.getElementById("content")!.replaceChildren(...parts);
  for (const run of pending.splice(0)) run();
  document.body.dataset.generatedAt = data.generated_at;
}

function wireKillSwitch(killUrl: string, refresh: () => Promise<void>): void {
  const form = document.getElementById("kill-form") as HTMLFormElement;
  const result = document.getElementById("kill-result")!;
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = (document.getElementById("kill-token") as HTMLInputElement).value.trim();
    const reason = (document.getElementById("kill-reason") as HTMLInputElement).value.trim() || "dashboard";
    const response = await fetch(killUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ reason }),
    });
    const answer = (await response.json()) as { error?: string; kill_switch?: { reason: string } };
    result.textContent = response.ok ? `kill switch set: ${answer.kill_switch?.reason}` : `refused: ${answer.error}`;
    result.className = response.ok ? "ok" : "refused";
    await refresh();
  });
}

function start(): void {
  const config = JSON.parse(document.getElementById("page-config")!.textContent!) as PageConfig;
  render(JSON.parse(document.getElementById("report-data")!.textContent!) as ReportData);
  const live = config.live;
  if (!live) return;
  const refresh = async () => {
    try {
      const response = await fetch(live.data_url, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      render((await response.json()) as ReportData);
      document.getElementById("connection")!.textContent = "";
    } catch (error) {
      document.getElementById("connection")!.textContent = `dashboard unreachable: ${(error as Error).message}`;
    }
  };
  wireKillSwitch(live.kill_url, refresh);
  setInterval(refresh, live.refresh_ms);
}

start();
