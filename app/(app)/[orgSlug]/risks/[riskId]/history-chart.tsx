"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface HistoryPoint {
  /** When the assessment was made, in ms. */
  t: number;
  inherent: number;
  residual: number;
}

/** Inherent and residual score (1–25) after each assessment, with the appetite as a reference line. Loaded on demand. */
export default function HistoryChart({
  points,
  appetite,
  labels,
  locale,
}: {
  points: HistoryPoint[];
  appetite: number;
  labels: { inherent: string; residual: string; appetite: string };
  locale: string;
}) {
  // Within two days the ticks need the time of day to tell assessments apart.
  const span = points.length ? points[points.length - 1]!.t - points[0]!.t : 0;
  const date = new Intl.DateTimeFormat(locale, span < 2 * 86_400_000 ? { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" } : { month: "short", day: "numeric" });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(v) => date.format(new Date(v))} fontSize={11} minTickGap={24} />
        <YAxis domain={[0, 25]} ticks={[0, 5, 10, 15, 20, 25]} fontSize={11} width={40} allowDecimals={false} />
        <Tooltip labelFormatter={(v) => full.format(new Date(Number(v)))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <ReferenceLine y={appetite} stroke="#f97316" strokeDasharray="4 4" label={{ value: labels.appetite, position: "insideTopLeft", fontSize: 11, fill: "#f97316" }} />
        <Line type="stepAfter" dataKey="inherent" name={labels.inherent} stroke="#a1a1aa" strokeWidth={2} dot isAnimationActive={false} />
        <Line type="stepAfter" dataKey="residual" name={labels.residual} stroke="#2853e0" strokeWidth={2} dot isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
