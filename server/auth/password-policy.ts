import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The common-password check behind sign-up and password changes (ASVS 6.2.4): the bundled list of
 * ~49,000 most common passwords from zxcvbn-ts. A password is refused when, lower-cased, it is on the
 * list; when what is left after stripping leading and trailing digits and symbols (the usual
 * "monkey123456!" padding) is a listed word of 4 or more letters; when it is one character repeated;
 * or when it contains the account's email name.
 */
let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export function isWeakPassword(password: string, email?: string): boolean {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, "");
  if (core.length >= 4 && list.has(core)) return true;
  if (/^(.)\1*$/su.test(password)) return true;
  const local = email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return true;
  return false;
}
