"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * The dashboard's Recharts charts, in one module loaded on demand (next/dynamic, no SSR) so the
 * dashboard's first load does not carry Recharts. Every chart has the same data as a table next to it;
 * a click on a bar follows that bar's drill-down link. The charts are hidden from assistive technology
 * (no keyboard layer): the table beside each one is the accessible version, with the same links.
 */

export interface Series {
  key: string;
  label: string;
  color: string;
  /** Stacked series share a stack id. */
  stack?: string;
}

export interface BarDatum {
  label: string;
  href?: string;
  [series: string]: string | number | null | undefined;
}

export default function DashboardBarChart({
  data,
  series,
  onNavigate,
  format,
  height = 240,
  layout = "horizontal",
  domainMax,
  integer = false,
}: {
  data: BarDatum[];
  series: Series[];
  onNavigate: (href: string) => void;
  /** Formats a value for the axis and the tooltip. */
  format?: (v: number) => string;
  height?: number;
  /** "vertical" draws horizontal bars (categories on the Y axis): better for long names. */
  layout?: "horizontal" | "vertical";
  domainMax?: number;
  /** Counts: whole-number ticks only. */
  integer?: boolean;
}) {
  const fmt = (v: unknown) => (typeof v === "number" && format ? format(v) : String(v ?? "—"));
  const domain: [number, number | "auto"] = [0, domainMax ?? "auto"];
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} layout={layout} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
        {layout === "vertical" ? (
          <>
            <XAxis type="number" fontSize={11} domain={domain} tickFormatter={fmt} allowDecimals={!integer} />
            <YAxis type="category" dataKey="label" fontSize={11} width={120} interval={0} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" fontSize={11} interval={0} tickLine={false} />
            <YAxis fontSize={11} width={64} domain={domain} tickFormatter={fmt} allowDecimals={!integer} />
          </>
        )}
        <Tooltip formatter={fmt} cursor={{ fillOpacity: 0.1 }} />
        {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            fill={s.color}
            stackId={s.stack}
            maxBarSize={40}
            cursor="pointer"
            isAnimationActive={false}
            onClick={(entry: { payload?: BarDatum }) => {
              const href = entry?.payload?.href;
              if (href) onNavigate(href);
            }}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
