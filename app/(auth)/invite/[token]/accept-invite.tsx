"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { showServerError } from "@/app/_components/app/errors";

export function AcceptInvite({ token, orgSlug }: { token: string; orgSlug: string }) {
  const t = useTranslations("invite");
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({
      onSuccess: (r) => {
        toast.success(t("joined"));
        router.push(`/${r.orgSlug}/dashboard`);
      },
      onError: (e) => showServerError(e),
    }),
  );
  return (
    <div className="mt-4">
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("acceptHint", { slug: orgSlug })}</p>
      <Button onClick={() => accept.mutate({ token })} loading={accept.isPending} className="w-full">
        {t("accept")}
      </Button>
    </div>
  );
}
