import { Skeleton } from "@/app/_components/ui/card";

export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-4">
      <Skeleton className="h-8 w-64" />
      <div className="flex flex-wrap justify-between gap-3">
        <Skeleton className="h-9 w-40" />
        <Skeleton className="h-9 w-72" />
      </div>
      <Skeleton className="h-[28rem]" />
    </div>
  );
}
