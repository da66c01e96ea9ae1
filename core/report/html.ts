/**
 * The report page as one HTML string: styles, the bundled script (uPlot included) and the data all
 * inline, so the file opens offline and from anywhere. A Content-Security-Policy lets the page load
 * nothing from outside it; the dashboard's page may also fetch from its own origin.
 *
 * The data goes in as JSON inside a `<script type="application/json">`, with `<` escaped so no text
 * from the store can close the element. The same function serves `pm-arb report` (a file) and
 * `pm-arb dashboard` (live: where to fetch fresh data and post the kill switch).
 */
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };
import { pageScript } from "./client/bundle.ts" with { type: "macro" };
import pageCss from "./client/page.css" with { type: "text" };
import type { ReportData } from "./data.ts";

export type LiveLinks = { data_url: string; kill_url: string; refresh_ms: number };

const SCRIPT = pageScript();

/** JSON safe inside a script element: `<` (and the line separators old parsers choke on) escaped. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function reportHtml(data: ReportData, live: LiveLinks | null = null): string {
  const csp = `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src ${live ? "'self'" : "'none'"}; form-action 'none'; base-uri 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeText(data.title)}</title>
<style>${uplotCss}</style>
<style>${pageCss}</style>
</head>
<body>
<form id="kill-form" hidden>
<strong>Kill switch</strong>
<label>token <input id="kill-token" type="password" autocomplete="off" placeholder="printed by pm-arb dashboard at start-up"></label>
<label>reason <input id="kill-reason" type="text" value="stopped from the dashboard"></label>
<button type="submit">Stop trading</button>
<span id="kill-result" role="status"></span>
</form>
<p id="connection" role="status"></p>
<main id="content"></main>
<script type="application/json" id="page-config">${inlineJson({ live })}</script>
<script type="application/json" id="report-data">${inlineJson(data)}</script>
<script>${SCRIPT.replace(/<\/script/gi, "<\\/script")}</script>
</body>
</html>
`;
}
