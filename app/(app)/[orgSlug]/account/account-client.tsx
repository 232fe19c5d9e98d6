"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Bell, ChevronRight, Monitor } from "lucide-react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "zod";
import { ZChangePasswordInput, ZName, ZRequestEmailChangeInput } from "@/server/auth/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { setLocaleCookie } from "@/app/_components/app/locale-switcher";
import { useOrg } from "@/app/_components/app/org-context";
import { signOutAction } from "@/app/(auth)/actions";

const ZProfile = z.object({ name: ZName, locale: z.enum(["", "en", "zh-CN"]) });

export function AccountClient() {
  const t = useTranslations("account");
  const tn = useTranslations("notifications.prefs");
  const org = useOrg();
  const tc = useTranslations("common");
  const err = useErrorText();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { data: me } = useSuspenseQuery(trpc.auth.me.queryOptions());
  const profile = useForm<z.input<typeof ZProfile>>({
    resolver: zodResolver(ZProfile),
    values: { name: me.name, locale: (me.locale as "en" | "zh-CN" | null) ?? "" },
  });
  const update = useMutation(trpc.auth.updateProfile.mutationOptions());
  const pw = useForm<z.input<typeof ZChangePasswordInput>>({ resolver: zodResolver(ZChangePasswordInput), defaultValues: { currentPassword: "", newPassword: "" } });
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const everywhere = useMutation(trpc.auth.signOutEverywhere.mutationOptions());

  return (
    <div className="grid max-w-2xl gap-6">
      <Card className="p-6">
        <h2 className="mb-4 font-semibold">{t("profile")}</h2>
        <form
          noValidate
          className="space-y-4"
          onSubmit={profile.handleSubmit(async (v) => {
            try {
              await update.mutateAsync({ name: v.name, locale: v.locale || null });
              if (v.locale) setLocaleCookie(v.locale);
              await qc.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
              toast.success(tc("saved"));
              router.refresh();
            } catch (e) {
              showServerError(e, { setError: profile.setError, fields: ["name", "locale"] });
            }
          })}
        >
          <Field label={t("email")}>{(p) => <Input {...p} value={me.email} readOnly disabled />}</Field>
          <ChangeEmail />
          <Field label={t("name")} error={err(profile.formState.errors.name?.message)}>
            {(p) => <Input {...p} {...profile.register("name")} />}
          </Field>
          <Field label={t("language")} hint={t("languageHint")}>
            {(p) => (
              <Select {...p} {...profile.register("locale")}>
                <option value="">{t("browserLanguage")}</option>
                <option value="en">English</option>
                <option value="zh-CN">中文（简体）</option>
              </Select>
            )}
          </Field>
          <Button type="submit" loading={update.isPending}>{tc("save")}</Button>
        </form>
      </Card>
      <Card className="p-0">
        <Link
          href={`/${org.slug}/account/notifications`}
          className="flex items-center gap-3 rounded-lg p-6 hover:bg-zinc-50 focus-visible:outline-2 dark:hover:bg-zinc-800/50"
          data-testid="notification-settings-link"
        >
          <Bell className="size-5 shrink-0 text-zinc-500" aria-hidden />
          <span className="min-w-0 flex-1">
            <span className="block font-semibold">{tn("link")}</span>
            <span className="block text-sm text-zinc-600 dark:text-zinc-400">{tn("linkHint")}</span>
          </span>
          <ChevronRight className="size-4 text-zinc-400" aria-hidden />
        </Link>
      </Card>
      <Card className="p-6">
        <h2 className="mb-1 font-semibold">{t("password")}</h2>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("passwordHint")}</p>
        <form
          noValidate
          className="space-y-4"
          onSubmit={pw.handleSubmit(async (v) => {
            try {
              await change.mutateAsync(v);
              toast.success(t("passwordChanged"));
              await signOutAction();
            } catch (e) {
              showServerError(e, { setError: pw.setError, fields: ["currentPassword", "newPassword"] });
            }
          })}
        >
          <Field label={t("currentPassword")} error={err(pw.formState.errors.currentPassword?.message)}>
            {(p) => <Input {...p} type="password" autoComplete="current-password" {...pw.register("currentPassword")} />}
          </Field>
          <Field label={t("newPassword")} error={err(pw.formState.errors.newPassword?.message)} hint={t("newPasswordHint")}>
            {(p) => <Input {...p} type="password" autoComplete="new-password" {...pw.register("newPassword")} />}
          </Field>
          <Button type="submit" loading={change.isPending}>{t("changePassword")}</Button>
        </form>
      </Card>
      <Card className="p-6">
        <h2 className="mb-1 font-semibold">{t("sessions")}</h2>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("sessionsHint")}</p>
        <SessionList />
        <Button
          variant="danger"
          loading={everywhere.isPending}
          onClick={async () => {
            try {
              await everywhere.mutateAsync({});
              await signOutAction();
            } catch (e) {
              showServerError(e);
            }
          }}
        >
          {t("signOutEverywhere")}
        </Button>
      </Card>
    </div>
  );
}

/** "Chrome on macOS" from a user agent string: enough to recognise one's own devices. */
function deviceName(ua: string | null, unknown: string): string {
  if (!ua) return unknown;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : null;
  const os = /Windows/.test(ua)
    ? "Windows"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Mac OS X/.test(ua)
        ? "macOS"
        : /Android/.test(ua)
          ? "Android"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os ?? unknown;
}

/** The caller's signed-in devices; each can be signed out on its own (this one signs out here). */
function SessionList() {
  const t = useTranslations("account");
  const format = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { data: sessions } = useSuspenseQuery(trpc.auth.sessions.queryOptions());
  const revoke = useMutation(trpc.auth.revokeSession.mutationOptions());
  if (sessions.length === 0) return null;
  return (
    <ul className="mb-4 divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="session-list">
      {sessions.map((s) => (
        <li key={s.id} className="flex items-center gap-3 px-3 py-2 text-sm" data-testid="session-row">
          <Monitor className="size-4 shrink-0 text-zinc-500" aria-hidden />
          <span className="min-w-0 flex-1">
            <span className="block font-medium">
              {deviceName(s.userAgent, t("unknownDevice"))}
              {s.current && (
                <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300">
                  {t("thisDevice")}
                </span>
              )}
            </span>
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">
              {t("signedInAt", { when: format.dateTime(new Date(s.createdAt), { dateStyle: "medium", timeStyle: "short" }) })}
              {s.ip ? ` · ${s.ip}` : ""}
            </span>
          </span>
          <Button
            variant="secondary"
            size="sm"
            aria-label={t("signOutSession", { device: deviceName(s.userAgent, t("unknownDevice")) })}
            loading={revoke.isPending && revoke.variables?.sessionId === s.id}
            onClick={async () => {
              try {
                await revoke.mutateAsync({ sessionId: s.id });
                if (s.current) {
                  await signOutAction();
                  return;
                }
                toast.success(t("sessionEnded"));
                await qc.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
              } catch (e) {
                showServerError(e);
              }
            }}
          >
            {t("signOut")}
          </Button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Changing one's email: re-authenticate with the current password; a link goes to the new address and
 * the change happens when it is opened (server/auth/email-change.ts).
 */
function ChangeEmail() {
  const t = useTranslations("account");
  const tc = useTranslations("common");
  const err = useErrorText();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<z.input<typeof ZRequestEmailChangeInput>>({
    resolver: zodResolver(ZRequestEmailChangeInput),
    defaultValues: { newEmail: "", currentPassword: "" },
  });
  const request = useMutation(trpc.auth.requestEmailChange.mutationOptions());
  if (sentTo) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300" data-testid="email-link-sent">
        {t("linkSent", { email: sentTo })}
      </p>
    );
  }
  if (!open) {
    return (
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} data-testid="change-email">
        {t("changeEmail")}
      </Button>
    );
  }
  // A nested <form> is not allowed inside the profile form: this one submits through its button.
  const submit = form.handleSubmit(async (v) => {
    try {
      const r = await request.mutateAsync(v);
      setSentTo(r.sentTo);
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["newEmail", "currentPassword"] });
    }
  });
  return (
    <fieldset className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-800" data-testid="change-email-form">
      <legend className="px-1 text-sm font-medium">{t("changeEmail")}</legend>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("changeEmailHint")}</p>
      <Field label={t("newEmail")} error={err(form.formState.errors.newEmail?.message)}>
        {(p) => <Input {...p} type="email" autoComplete="email" {...form.register("newEmail")} />}
      </Field>
      <Field label={t("currentPassword")} error={err(form.formState.errors.currentPassword?.message)}>
        {(p) => (
          <Input
            {...p}
            type="password"
            autoComplete="current-password"
            {...form.register("currentPassword")}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void submit();
              }
            }}
          />
        )}
      </Field>
      <div className="flex gap-2">
        <Button size="sm" loading={request.isPending} onClick={() => void submit()} data-testid="send-email-link">
          {t("sendLink")}
        </Button>
        <Button size="sm" variant="secondary" onClick={() => setOpen(false)}>
          {tc("cancel")}
        </Button>
      </div>
    </fieldset>
  );
}
