"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/react";
import { useOrg } from "./org-context";

/** `<option>`s for the organisation's members (first 100), for owner / assignee selects. */
export function MemberOptions() {
  const org = useOrg();
  const trpc = useTRPC();
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  return (
    <>
      {members.data?.items.map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name}
        </option>
      ))}
    </>
  );
}

/** `<option>`s for the organisation's departments. */
export function DepartmentOptions() {
  const org = useOrg();
  const trpc = useTRPC();
  const departments = useQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  return (
    <>
      {departments.data?.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </>
  );
}
