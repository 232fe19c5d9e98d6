"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/react";
import { useOrg } from "@/app/_components/app/org-context";
import { BudgetSection } from "./budget-section";
import { CampaignHeader } from "./header";
import { ActivityList, ApprovalsTimeline } from "./history";
import { PlanSection } from "./plan-section";
import { ResultsSection } from "./results-section";
import { useCampaignPermissions, type Me } from "./shared";
import { UtmSection } from "./utm-section";
import { VariantsSection } from "./variants-section";
import { LazyComments as Comments } from "@/app/_components/app/comments-lazy";

/**
 * The campaign page: plan, budget vs spend, results and ROI, A/B variants, UTM links, approvals and
 * activity — one campaign.get. Controls show only to those the server would allow (read-only otherwise).
 */
export function CampaignDetail({ campaignId, me }: { campaignId: string; me: Me }) {
  const org = useOrg();
  const trpc = useTRPC();
  const { data: c } = useSuspenseQuery(trpc.campaign.get.queryOptions({ orgSlug: org.slug, campaignId }));
  const may = useCampaignPermissions(c, me);

  return (
    <div className="space-y-4" data-testid="campaign-detail">
      <CampaignHeader c={c} may={may} />
      <div className="grid gap-4 lg:grid-cols-2">
        <PlanSection c={c} />
        <ApprovalsTimeline c={c} />
      </div>
      <BudgetSection c={c} may={may} />
      <ResultsSection c={c} may={may} />
      <VariantsSection c={c} may={may} />
      <UtmSection c={c} may={may} />
      <ActivityList c={c} />
      <Comments entityType="campaign" entityId={c.id} />
    </div>
  );
}
