"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { Badge } from "@/app/_components/ui/card";
import { useOrg } from "@/app/_components/app/org-context";
import { ProgressBar } from "@/app/_components/okrs/progress-bar";
import { Section, useCampaignFormat, type CampaignData } from "./shared";

/** Who runs the campaign, whom it reaches, and the key results it contributes to. */
export function PlanSection({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail.plan");
  const format = useFormatter();
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const value = (v: number | null, unit: string) =>
    v == null ? "—" : `${format.number(v)}${unit ? ` ${unit}` : ""}`;
  return (
    <Section id="plan" title={t("title")}>
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="text-xs font-medium text-zinc-500">{t("audience")}</dt>
          <dd>
            {c.audience ||
              (c.audienceTags.length === 0 && <span className="text-zinc-500">{t("noAudience")}</span>)}
            {c.audienceTags.length > 0 && (
              <span className="mt-1 flex flex-wrap gap-1">
                {c.audienceTags.map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-zinc-500">{t("team")}</dt>
          <dd>
            <ul className="mt-1 flex flex-wrap gap-1.5" data-testid="team">
              <li>
                <Badge className="bg-brand-50 text-brand-700 dark:bg-brand-500/20 dark:text-brand-100">
                  {t("owner", { name: c.ownerName })}
                </Badge>
              </li>
              {c.team.map((m) => (
                <li key={m.id}>
                  <Badge>{m.name}</Badge>
                </li>
              ))}
            </ul>
            {c.team.length === 0 && <p className="mt-1 text-xs text-zinc-500">{t("noTeam")}</p>}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-zinc-500">{t("keyResults")}</dt>
          <dd>
            {c.keyResultLinks.length === 0 ? (
              <p className="text-zinc-500">{t("noKeyResults")}</p>
            ) : (
              <ul className="mt-1 space-y-3" data-testid="kr-links">
                {c.keyResultLinks.map((l) => (
                  <li key={l.keyResultId}>
                    <Link
                      href={`/${org.slug}/okrs/o/${l.objectiveId}`}
                      className="font-medium hover:text-brand-700 hover:underline"
                    >
                      {l.title}
                    </Link>
                    <p className="text-xs text-zinc-500">{l.objectiveTitle}</p>
                    <ProgressBar
                      className="mt-1"
                      value={l.progress}
                      label={t("krProgress", { title: l.title })}
                    />
                    <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
                      <span>
                        {t("krValue", {
                          current: value(l.currentValue ?? l.startValue, l.unit),
                          target: value(l.targetValue, l.unit),
                        })}
                      </span>
                      {l.feedMetric ? (
                        <Badge className="bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300">
                          {t("fedBy", { metric: f.metric(l.feedMetric, l.feedCustomName) })}
                        </Badge>
                      ) : (
                        <Badge>{t("notFed")}</Badge>
                      )}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </Section>
  );
}
