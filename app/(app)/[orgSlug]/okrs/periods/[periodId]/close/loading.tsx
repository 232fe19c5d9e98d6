import { Skeleton } from "@/app/_components/ui/card";

export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-4">
      <Skeleton className="h-24" />
      <Skeleton className="h-10 w-full max-w-xl" />
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} className="h-48" />
      ))}
    </div>
  );
}
