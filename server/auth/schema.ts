import { z } from "../validation";

export const LOCALES = ["en", "zh-CN"] as const;
export const ZLocale = z.enum(LOCALES);

export const ZEmail = z
  .string()
  .trim()
  .min(1)
  .max(254)
  .email()
  .transform((s) => s.toLowerCase());

export const ZPassword = z
  .string()
  .min(12)
  .max(128);

export const ZName = z.string().trim().min(1).max(100);

export const ZSignUpInput = z.object({
  email: ZEmail,
  name: ZName,
  password: ZPassword,
  locale: ZLocale.optional(),
});
export type TSignUpInput = z.infer<typeof ZSignUpInput>;

export const ZSignInInput = z.object({
  email: ZEmail,
  password: z.string().min(1).max(128),
});

export const ZUpdateProfileInput = z.object({
  name: ZName.optional(),
  locale: ZLocale.nullable().optional(),
});

export const ZChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: ZPassword,
});

export const ZRequestEmailChangeInput = z.object({
  currentPassword: z.string().min(1).max(128),
  newEmail: ZEmail,
});

export const ZConfirmEmailChangeInput = z.object({ token: z.string().min(20).max(100) });

export const ZRequestPasswordResetInput = z.object({ email: ZEmail });

export const ZResetPasswordInput = z.object({ token: z.string().min(20).max(100), newPassword: ZPassword });
