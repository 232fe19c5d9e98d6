import { orNavigate, serverCaller } from "@/app/_trpc/server";
import { AppShell } from "@/app/_components/app/app-shell";
import { ClientMessages } from "@/app/_i18n/client-messages";

/** Membership guard: non-members get a 404, signed-out visitors go to sign-in. */
export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const caller = await serverCaller();
  const from = `/${orgSlug}/dashboard`;
  const [org, orgs, me] = await Promise.all([
    orNavigate(caller.org.get({ orgSlug }), from),
    orNavigate(caller.org.listMine(), from),
    orNavigate(caller.auth.me(), from),
  ]);
  return (
    <ClientMessages part="shell">
      <AppShell org={{ slug: org.slug, name: org.name, role: org.me.role }} orgs={orgs} me={me}>
        {children}
      </AppShell>
    </ClientMessages>
  );
}
