import { cn } from "../ui/cn";

/** A labelled progress bar (0–100), coloured by the confidence band when given. */
export function ProgressBar({
  value,
  band,
  label,
  className,
}: {
  value: number;
  band?: "on_track" | "at_risk" | "off_track" | null;
  label: string;
  className?: string;
}) {
  const pct = Math.round(Math.max(0, Math.min(100, value)));
  const color =
    band === "off_track" ? "bg-red-500" : band === "at_risk" ? "bg-amber-500" : band === "on_track" ? "bg-emerald-500" : "bg-brand-500";
  return (
    <div className={cn("flex items-center gap-2", className)}>
      <div
        className="h-2 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={label}
      >
        <div className={cn("h-full rounded-full transition-[width]", color)} style={{ width: `${pct}%` }} />
      </div>
      <span className="w-10 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{pct}%</span>
    </div>
  );
}
