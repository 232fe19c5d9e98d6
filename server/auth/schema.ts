import { z } from "zod";

export const LOCALES = ["en", "zh-CN"] as const;
export const ZLocale = z.enum(LOCALES);

export const ZEmail = z
  .string()
  .trim()
  .min(3, "Enter your email address")
  .max(254, "Email is too long (max 254 characters)")
  .email("Enter a valid email address")
  .transform((s) => s.toLowerCase());

export const ZPassword = z
  .string()
  .min(12, "Password must be at least 12 characters")
  .max(128, "Password must be at most 128 characters");

export const ZName = z.string().trim().min(1, "Enter a name").max(100, "Name is too long (max 100 characters)");

export const ZSignUpInput = z.object({
  email: ZEmail,
  name: ZName,
  password: ZPassword,
  locale: ZLocale.optional(),
});
export type TSignUpInput = z.infer<typeof ZSignUpInput>;

export const ZSignInInput = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password").max(128),
});

export const ZUpdateProfileInput = z.object({
  name: ZName.optional(),
  locale: ZLocale.nullable().optional(),
});

export const ZChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(128),
  newPassword: ZPassword,
});
