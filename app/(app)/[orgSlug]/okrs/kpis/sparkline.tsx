"use client";

import { Line, LineChart, ResponsiveContainer, YAxis } from "recharts";

const COLORS = { green: "#10b981", amber: "#f59e0b", red: "#ef4444" } as const;

/**
 * The KPI trend line. Loaded with next/dynamic ({ ssr: false }) so Recharts stays out of the first-load
 * bundle; the caller gives the accessible label and the text summary.
 */
export default function Sparkline({
  values,
  band,
}: {
  values: { on: string; v: number }[];
  band: keyof typeof COLORS | null;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={values} margin={{ top: 4, right: 4, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <YAxis hide domain={["auto", "auto"]} />
        <Line
          type="monotone"
          dataKey="v"
          stroke={band ? COLORS[band] : "#71717a"}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
