/** `pm-arb calibrate [DIR]`: score the fair value and the market against outcomes. Wiring only; logic in core/calibrate (a recording: core/replay). */
import { defineCommand } from "citty";
import { parseCalibrateFlags } from "../core/calibrate/options.ts";
import { runCalibrate } from "../core/calibrate/run.ts";
import { commonArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { calibrateRecording } from "../core/replay/recorded-calibration.ts";

export default defineCommand({
  meta: {
    name: "calibrate",
    description:
      "Score pm-arb's fair value and the market's price against resolved Up/Down windows: Brier, log loss, calibration slope and reliability bins (one `calibration` record per series, minutes left and forecaster)",
  },
  args: {
    ...commonArgs,
    dir: { type: "positional", required: false, description: "A recording directory (pm-arb record) to score, instead of the public files below", valueHint: "DIR" },
    markets: { type: "string", description: 'JSON array of Gamma /markets rows (resolved: closed true, outcomePrices ["1","0"] or ["0","1"])', valueHint: "file" },
    "prices-history": { type: "string", description: "Directory of CLOB /prices-history bodies, <token id>.json each: scores the market", valueHint: "dir" },
    candles: { type: "string", description: "Spot 1-minute candles: CSV open_time,open,high,low,close,volume or Binance klines JSON: scores the model", valueHint: "file" },
    "at-minutes": { type: "string", description: "Minutes before each window's end to score forecasts at (default 10,5,2,1)", valueHint: "list" },
    symbol: { type: "string", description: "The candles' symbol; windows of other symbols are not scored (default BTC)", valueHint: "SYM" },
    paired: { type: "boolean", description: "Score a window at a minutes-left only when every forecaster has a forecast for it there" },
    "vol-scales": { type: "string", description: "Volatility scales to compare with the default's (default: the default ÷1.25 and ×1.25)", valueHint: "list" },
    "vol-lookbacks": { type: "string", description: "Volatility lookbacks in minutes to compare with the default's (default none)", valueHint: "list" },
    "vol-floor": { type: "string", description: "Floor on the annualised volatility (default 0.2)", valueHint: "V" },
    "spot-delay": { type: "string", description: "Give the model a spot this much older than the moment (default 0s), to see what freshness is worth", valueHint: "duration" },
  },
  async run({ args }) {
    const options = parseCalibrateFlags(args);
    await emitRecords(args, false, async (emit) => {
      if ("recording" in options.input) await calibrateRecording(options, options.input.recording, emit);
      else runCalibrate(options, options.input, emit);
    });
  },
});
