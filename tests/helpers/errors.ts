import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { fieldErrorsOf } from "@/server/api/trpc";

/** Awaits a call that must fail with BAD_REQUEST and a field error on `field` containing `text`. */
export async function expectFieldError(p: Promise<unknown>, field: string, text: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected a field error on ${field}`).toBeInstanceOf(TRPCError);
  const e = err as TRPCError;
  expect(e.code).toBe("BAD_REQUEST");
  const fields = fieldErrorsOf(e) ?? {};
  expect(fields[field]?.join(" ") ?? `(no error on ${field}; got ${JSON.stringify(fields)})`).toContain(text);
}
