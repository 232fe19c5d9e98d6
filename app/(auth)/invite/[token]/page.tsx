import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { serverCaller } from "@/app/_trpc/server";
import { auth } from "@/server/auth/nextauth";
import { Card } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { SignUpForm } from "../../sign-up/sign-up-form";
import { signOutAction } from "../../actions";
import { AcceptInvite } from "./accept-invite";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("invite"))("title") };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("invite");
  const tr = await getTranslations("roles");
  const caller = await serverCaller();
  const preview = await caller.invitation.preview({ token }).catch((e: unknown) => {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) return null;
    throw e;
  });
  if (!preview) {
    return (
      <Card className="p-6">
        <h1 className="text-xl font-semibold">{t("notFoundTitle")}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("notFound")}</p>
      </Card>
    );
  }
  if (preview.status !== "pending") {
    return (
      <Card className="p-6">
        <h1 className="text-xl font-semibold">{t("unusableTitle")}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t(`status.${preview.status}`)}</p>
      </Card>
    );
  }
  const session = await auth();
  const me = session?.user?.id ? await caller.auth.me().catch(() => null) : null;
  const heading = t("heading", { org: preview.orgName, role: tr(preview.role) });
  if (me) {
    const matches = me.email === preview.email;
    return (
      <Card className="p-6">
        <h1 className="text-xl font-semibold">{heading}</h1>
        {matches ? (
          <AcceptInvite token={token} orgSlug={preview.orgSlug} />
        ) : (
          <>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("wrongAccount", { invited: preview.email, current: me.email })}</p>
            <form action={signOutAction} className="mt-4">
              <Button type="submit" variant="secondary">{t("signOutToSwitch")}</Button>
            </form>
          </>
        )}
      </Card>
    );
  }
  const callbackUrl = `/invite/${token}`;
  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">{heading}</h1>
      <p className="mb-4 mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("createAccount", { email: preview.email })}</p>
      <SignUpForm callbackUrl={callbackUrl} locale={await getLocale()} email={preview.email} />
      <p className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        {t("haveAccount")}{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
          {t("signInInstead")}
        </Link>
      </p>
    </Card>
  );
}
