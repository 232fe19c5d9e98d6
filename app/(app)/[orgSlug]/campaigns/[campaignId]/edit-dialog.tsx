"use client";

import { CampaignFormDialog } from "../campaign-form";
import { PlanFields } from "./plan-fields";
import type { CampaignData } from "./shared";

/** The campaign form in edit mode, with the team, goals and linked key results of the plan. */
export function EditCampaignDialog({ c, onClose }: { c: CampaignData; onClose: () => void }) {
  const known = Object.fromEntries(
    c.keyResultLinks.map((l) => [l.keyResultId, { title: l.title, objectiveTitle: l.objectiveTitle }]),
  );
  return (
    <CampaignFormDialog
      mode="edit"
      campaign={{
        id: c.id,
        version: c.version,
        status: c.status,
        name: c.name,
        description: c.description,
        departmentId: c.departmentId,
        ownerId: c.ownerId,
        teamMemberIds: c.teamMemberIds,
        channels: c.channels,
        audience: c.audience,
        audienceTags: c.audienceTags,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        tags: c.tags,
        currency: c.currency,
        goals: c.goals.map((g) => ({ metric: g.metric, customName: g.customName, target: g.target })),
        keyResultLinks: c.keyResultLinks.map((l) => ({
          keyResultId: l.keyResultId,
          feedMetric: l.feedMetric,
          feedCustomName: l.feedCustomName,
        })),
        productId: c.productId,
      }}
      onClose={onClose}
      extra={(form) => <PlanFields form={form} currency={c.currency} knownKeyResults={known} />}
    />
  );
}
