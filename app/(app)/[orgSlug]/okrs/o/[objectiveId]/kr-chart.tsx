"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartPoint {
  t: number;
  actual?: number;
  ideal?: number;
  confidence?: number;
}

/** Actual check-in values against the ideal straight line from start to target over the period. */
export default function KrChart({
  points,
  labels,
  locale,
}: {
  points: ChartPoint[];
  labels: { actual: string; ideal: string; confidence: string };
  locale: string;
}) {
  const fmt = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(v) => fmt.format(new Date(v))} fontSize={11} />
        <YAxis yAxisId="v" fontSize={11} width={48} />
        <YAxis yAxisId="c" orientation="right" domain={[0, 10]} fontSize={11} width={28} />
        <Tooltip labelFormatter={(v) => fmt.format(new Date(Number(v)))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line yAxisId="v" type="linear" dataKey="ideal" name={labels.ideal} stroke="#a1a1aa" strokeDasharray="5 5" dot={false} connectNulls isAnimationActive={false} />
        <Line yAxisId="v" type="linear" dataKey="actual" name={labels.actual} stroke="#2853e0" strokeWidth={2} connectNulls isAnimationActive={false} />
        <Line yAxisId="c" type="stepAfter" dataKey="confidence" name={labels.confidence} stroke="#f59e0b" strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
