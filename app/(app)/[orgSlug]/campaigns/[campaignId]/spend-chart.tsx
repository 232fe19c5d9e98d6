"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface SpendPoint {
  /** UTC midnight of the date, in ms. */
  t: number;
  planned: number;
  actual: number | null;
}

/**
 * Cumulative planned (the plan spread evenly over the campaign's days) against actual spend, in major
 * units of the campaign's currency, with the approved budget as a reference line. Loaded on demand.
 */
export default function SpendChart({
  points,
  budget,
  labels,
  locale,
  currency,
  overBudget,
}: {
  points: SpendPoint[];
  budget: number | null;
  labels: { planned: string; actual: string; budget: string };
  locale: string;
  currency: string;
  overBudget: boolean;
}) {
  const date = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  const money = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1,
  });
  const exact = new Intl.NumberFormat(locale, { style: "currency", currency });
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(v) => date.format(new Date(v))}
          fontSize={11}
          minTickGap={24}
        />
        <YAxis fontSize={11} width={64} tickFormatter={(v: number) => money.format(v)} />
        <Tooltip
          labelFormatter={(v) => date.format(new Date(Number(v)))}
          formatter={(v) => (typeof v === "number" ? exact.format(v) : String(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {budget != null && budget > 0 && (
          <ReferenceLine
            y={budget}
            stroke="#ef4444"
            strokeDasharray="4 4"
            label={{ value: labels.budget, position: "insideTopLeft", fontSize: 11, fill: "#ef4444" }}
          />
        )}
        <Line
          type="linear"
          dataKey="planned"
          name={labels.planned}
          stroke="#a1a1aa"
          strokeDasharray="5 5"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          type="stepAfter"
          dataKey="actual"
          name={labels.actual}
          stroke={overBudget ? "#dc2626" : "#2853e0"}
          strokeWidth={2}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
