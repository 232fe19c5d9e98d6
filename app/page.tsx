import { redirect } from "next/navigation";
import { cookies } from "next/headers";
import { orNavigate, serverCaller } from "./_trpc/server";

export const LAST_ORG_COOKIE = "lodestar_org";

/** Home: the last organisation used, else the first, else onboarding. */
export default async function Home() {
  const caller = await serverCaller();
  const orgs = await orNavigate(caller.org.listMine(), "/");
  if (!orgs.length) redirect("/onboarding");
  const last = (await cookies()).get(LAST_ORG_COOKIE)?.value;
  const org = orgs.find((o) => o.slug === last) ?? orgs[0]!;
  redirect(`/${org.slug}/dashboard`);
}
