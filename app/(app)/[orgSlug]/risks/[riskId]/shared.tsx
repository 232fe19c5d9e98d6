"use client";

import { useErrorText } from "@/app/_components/app/use-error-text";

export { SectionCard as Section } from "@/app/_components/ui/section-card";

/** KRI reasons are catalog keys with parameters ("risks.kri.kr.behind|points=12|margin=10"). */
export function useKriReason() {
  const err = useErrorText();
  return { reasonText: (s: string) => err(s) ?? s };
}
