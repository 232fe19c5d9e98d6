"use client";

import { useMutation } from "@tanstack/react-query";
import { Check, Copy, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import {
  formGrid,
  Section,
  useCampaignFormat,
  useRefreshCampaign,
  type CampaignData,
  type CampaignPermissions,
} from "./shared";

type UtmLink = CampaignData["utmLinks"][number];

export function UtmSection({ c, may }: { c: CampaignData; may: CampaignPermissions }) {
  const t = useTranslations("campaigns.detail");
  const tc = useTranslations("common");
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const del = useMutation(trpc.campaign.deleteUtmLink.mutationOptions());
  const [deleting, setDeleting] = useState<UtmLink | null>(null);

  const remove = async () => {
    if (!deleting) return;
    try {
      await del.mutateAsync({ orgSlug: org.slug, utmLinkId: deleting.id });
      toast.success(t("utmDeleted"));
      setDeleting(null);
      await refresh();
    } catch (e) {
      showServerError(e);
    }
  };

  return (
    <Section id="utm" title={t("utmLinks")}>
      {c.utmLinks.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("noUtmLinks")}</p>
      ) : (
        <ul className="space-y-2" data-testid="utm-links">
          {c.utmLinks.map((l) => (
            <li key={l.id} className="flex items-center gap-2 text-sm" data-testid="utm-link">
              {l.channel && <Badge className="hidden shrink-0 sm:inline-flex">{f.channel(l.channel)}</Badge>}
              <code
                className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 text-xs dark:bg-zinc-800"
                title={l.url}
              >
                {l.url}
              </code>
              <CopyButton text={l.url} />
              {may.deleteLinks && (
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={t("deleteUtmLabel")}
                  onClick={() => setDeleting(l)}
                  data-testid="utm-delete"
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {may.links && <UtmForm c={c} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t("deleteUtmTitle")}
        description={deleting && <span className="break-all">{deleting.url}</span>}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={remove}
        confirmTestId="utm-delete-confirm"
      />
    </Section>
  );
}

function CopyButton({ text }: { text: string }) {
  const t = useTranslations("campaigns.detail");
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={t("copy")}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          toast.success(t("copied"));
          setTimeout(() => setCopied(false), 2000);
        } catch {
          toast.error(t("copyFailed"));
        }
      }}
    >
      {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
    </Button>
  );
}

function UtmForm({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail");
  const err = useErrorText();
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const create = useMutation(trpc.campaign.createUtmLink.mutationOptions());
  const [v, setV] = useState({
    landingUrl: "",
    channel: c.channels[0] ?? "",
    source: "",
    medium: "",
    campaign: "",
    content: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await create.mutateAsync({
        orgSlug: org.slug,
        campaignId: c.id,
        landingUrl: v.landingUrl,
        channel: v.channel || null,
        source: v.source.trim() || undefined,
        medium: v.medium.trim() || undefined,
        campaign: v.campaign.trim() || undefined,
        content: v.content,
      });
      toast.success(t("utmCreated"));
      setV((s) => ({ ...s, landingUrl: "", content: "" }));
      await refresh();
    } catch (x) {
      showServerError<Record<string, string>>(x, {
        setError: (field, m) => setErrors((s) => ({ ...s, [field]: m.message ?? "" })),
        fields: ["landingUrl", "channel", "source", "medium", "campaign", "content"],
      });
    }
  };
  return (
    <form onSubmit={submit} noValidate className={`${formGrid} sm:grid-cols-3`} aria-label={t("utmBuilder")}>
      <h3 className="text-sm font-semibold sm:col-span-3">{t("utmBuilder")}</h3>
      <Field label={t("landingUrl")} error={err(errors.landingUrl)} className="sm:col-span-2">
        {(p) => (
          <Input {...p} type="url" placeholder="https://" value={v.landingUrl} onChange={set("landingUrl")} />
        )}
      </Field>
      <Field label={t("channel")} error={err(errors.channel)}>
        {(p) => (
          <Select {...p} value={v.channel} onChange={set("channel")}>
            <option value="">{t("noChannel")}</option>
            {c.channels.map((ch) => (
              <option key={ch} value={ch}>
                {f.channel(ch)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="utm_source" error={err(errors.source)} hint={t("optional")}>
        {(p) => <Input {...p} value={v.source} onChange={set("source")} />}
      </Field>
      <Field label="utm_medium" error={err(errors.medium)} hint={t("optional")}>
        {(p) => <Input {...p} value={v.medium} onChange={set("medium")} />}
      </Field>
      <Field label="utm_campaign" error={err(errors.campaign)} hint={t("optionalCampaign")}>
        {(p) => <Input {...p} value={v.campaign} onChange={set("campaign")} />}
      </Field>
      <Field label="utm_content" error={err(errors.content)} hint={t("optionalContent")}>
        {(p) => <Input {...p} value={v.content} onChange={set("content")} />}
      </Field>
      <div className="sm:col-span-2 sm:pt-6">
        <Button type="submit" loading={create.isPending} data-testid="utm-add">
          {t("createUtm")}
        </Button>
      </div>
    </form>
  );
}
