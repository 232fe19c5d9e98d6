"use client";

import { Card } from "@/app/_components/ui/card";
import { useErrorText } from "@/app/_components/app/use-error-text";

export function Section({
  id,
  title,
  children,
  actions,
  description,
}: {
  id?: string;
  title: React.ReactNode;
  children: React.ReactNode;
  actions?: React.ReactNode;
  description?: React.ReactNode;
}) {
  return (
    <Card className="scroll-mt-20 p-4" id={id} aria-labelledby={id ? `${id}-title` : undefined}>
      <div className="mb-3 flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={id ? `${id}-title` : undefined} className="font-semibold">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-xs text-zinc-500">{description}</p>}
        </div>
        {actions && <div className="shrink-0">{actions}</div>}
      </div>
      {children}
    </Card>
  );
}

/** KRI reasons are catalog keys with parameters ("risks.kri.kr.behind|points=12|margin=10"). */
export function useKriReason() {
  const err = useErrorText();
  return { reasonText: (s: string) => err(s) ?? s };
}
