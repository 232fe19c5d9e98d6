import { ClientMessages } from "@/app/_i18n/client-messages";

/** Client components of these pages get only the messages they use (app/_i18n/client-messages.tsx). */
export default function DashboardLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages part="dashboard">{children}</ClientMessages>;
}
