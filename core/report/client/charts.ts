/// <reference lib="dom" />
/**
 * The page's charts, drawn by uPlot (bundled with this script into the page, see bundle.ts). Each chart's holder gets `data-series`: how many series uPlot drew, which the
 * browser tests compare with what the data holds. Strings become numbers here and only here: a
 * point on a canvas needs no more than a double.
 */
import uPlot from "uplot";
import { PALETTE } from "./palette.ts";

export type Drawn = { destroy(): void };

const HEIGHT = 240;
/** Room for a y axis's labels (uPlot's default cuts off "1000.00"). */
const AXIS_SIZE = 70;

export const num = (text: string | null | undefined): number | null => (text === null || text === undefined ? null : Number(text));

function width(holder: HTMLElement): number {
  return Math.max(320, holder.clientWidth || 640);
}

function draw(holder: HTMLElement, options: Omit<uPlot.Options, "width" | "height">, data: uPlot.AlignedData): Drawn {
  const plot = new uPlot({ width: width(holder), height: HEIGHT, ...options }, data, holder);
  holder.dataset.series = String(plot.series.length - 1);
  return plot;
}

/** Time on x (ISO strings), each series on its own scale and axis (left, then right). */
export function timeChart(holder: HTMLElement, times: string[], series: { label: string; values: (number | null)[]; format?: (value: number) => string }[]): Drawn {
  const axes: uPlot.Axis[] = [{ space: 90 }];
  series.forEach((entry, index) => {
    axes.push({
      scale: entry.label,
      side: index === 0 ? 3 : 1,
      size: AXIS_SIZE,
      grid: { show: index === 0 },
      values: (_u, ticks) => ticks.map((tick) => (entry.format ? entry.format(tick) : String(tick))),
    });
  });
  return draw(
    holder,
    {
      series: [
        {},
        ...series.map((entry, index) => ({
          label: entry.label,
          scale: entry.label,
          stroke: PALETTE[index % PALETTE.length],
          width: 2,
          value: (_u: uPlot, v: number | null) => (v === null ? "—" : entry.format ? entry.format(v) : String(v)),
        })),
      ],
      axes,
      scales: { x: { time: true } },
    },
    [times.map((at) => Date.parse(at) / 1000), ...series.map((entry) => entry.values)],
  );
}

/**
 * Categories on x; each series a bar per category, later series drawn narrower over earlier ones
 * so two stay readable side by side.
 */
export function barChart(holder: HTMLElement, labels: string[], series: { label: string; values: (number | null)[] }[]): Drawn {
  const index = labels.map((_, i) => i);
  return draw(
    holder,
    {
      series: [
        { label: "category", value: (_u, v) => labels[v] ?? "" },
        ...series.map((entry, i) => ({
          label: entry.label,
          stroke: PALETTE[i % PALETTE.length],
          fill: `${PALETTE[i % PALETTE.length]}aa`,
          paths: uPlot.paths.bars!({ size: [0.7 / (i + 1), 80] }),
          points: { show: false },
        })),
      ],
      // Bars start at zero, whatever the values.
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (_u, min, max) => [Math.min(0, min) * 1.05, Math.max(0, max) * 1.05 || 1] } },
      axes: [{ splits: () => index, values: (_u, ticks) => ticks.map((tick) => labels[tick] ?? "") }, { size: AXIS_SIZE }],
    },
    [index, ...series.map((entry) => entry.values)],
  );
}

/** Several curves over a shared numeric x (merged from theirs), gaps spanned, points shown. */
export function curveChart(holder: HTMLElement, curves: { label: string; points: [number, number][]; dash?: number[] }[], axis: { x: string; y: string }): Drawn {
  const xs = [...new Set(curves.flatMap((curve) => curve.points.map(([x]) => x)))].sort((a, b) => a - b);
  const column = (curve: { points: [number, number][] }) => {
    const byX = new Map(curve.points);
    return xs.map((x) => byX.get(x) ?? null);
  };
  return draw(
    holder,
    {
      series: [
        { label: axis.x },
        ...curves.map((curve, i) => ({
          label: curve.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 2,
          spanGaps: true,
          points: { show: true, size: 6 },
          ...(curve.dash ? { dash: curve.dash } : {}),
        })),
      ],
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      axes: [{ label: axis.x }, { label: axis.y, size: AXIS_SIZE }],
    },
    [xs, ...curves.map(column)],
  );
}

/** Counts per bucket, one stepped line per group. */
export function histogramChart(holder: HTMLElement, buckets: string[], groups: { label: string; counts: number[] }[]): Drawn {
  const index = buckets.map((_, i) => i);
  return draw(
    holder,
    {
      series: [
        { label: "bucket", value: (_u, v) => buckets[v] ?? "" },
        ...groups.map((group, i) => ({ label: group.label, stroke: PALETTE[i % PALETTE.length], width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } })),
      ],
      scales: { x: { time: false, range: [0, buckets.length] } },
      axes: [
        { splits: () => index, values: (_u, ticks) => ticks.map((tick) => buckets[tick] ?? "") },
        { label: "samples", size: AXIS_SIZE },
      ],
    },
    // One more x than buckets, repeating the last count, so the last step has a width.
    [[...index, buckets.length], ...groups.map((group) => [...group.counts, group.counts.at(-1) ?? 0])],
  );
}
