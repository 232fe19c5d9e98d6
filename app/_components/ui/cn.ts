import { twMerge } from "tailwind-merge";

/** Joins class names, skipping falsy ones; later Tailwind classes override conflicting earlier ones. */
export function cn(...parts: (string | false | null | undefined)[]): string {
  return twMerge(parts.filter(Boolean).join(" "));
}
