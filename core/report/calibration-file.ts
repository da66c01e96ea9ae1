/**
 * `--calibration FILE`: the JSON lines `pm-arb calibrate` wrote, turned into the reliability curves
 * the report draws (forecast against observed frequency, per series and minutes left, each
 * forecaster beside the market). Other record types in the file are skipped; a line that is not
 * JSON or not a valid `calibration` record is an error naming the file and line, so a person never
 * reads a diagram drawn from half a file.
 */
import { readFileSync } from "node:fs";
import { UsageError } from "../cli/errors.ts";
import { calibrationRecordSchema } from "../records/calibration.ts";
import { parseJson } from "../safe-parse.ts";
import type { CalibrationCurve } from "./data.ts";

export function readCalibrationFile(path: string): CalibrationCurve[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--calibration: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const curves: CalibrationCurve[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const json = parseJson(line);
    if (!json.ok) throw new UsageError(`--calibration ${path} line ${index + 1}: ${json.error}`);
    if ((json.value as { type?: unknown } | null)?.type !== "calibration") return;
    const record = calibrationRecordSchema.safeParse(json.value);
    if (!record.success)
      throw new UsageError(`--calibration ${path} line ${index + 1}: not a calibration record: ${record.error.issues[0]?.path.join(".")} ${record.error.issues[0]?.message}`);
    const { series, minutes_left, forecaster, n, brier, bins } = record.data;
    curves.push({ series, minutes_left, forecaster, n, brier, bins: bins.map(({ mean_forecast, observed, n }) => ({ mean_forecast, observed, n })) });
  });
  if (curves.length === 0) throw new UsageError(`--calibration ${path}: no calibration records (write them with pm-arb calibrate)`);
  return curves;
}
