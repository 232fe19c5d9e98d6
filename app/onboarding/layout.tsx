import { ClientMessages } from "@/app/_i18n/client-messages";

/** Client components of onboarding get only the messages they use (app/_i18n/client-messages.tsx). */
export default function OnboardingLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages part="onboarding">{children}</ClientMessages>;
}
