import nodemailer from "nodemailer";
import { env } from "./env";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends email. Built from SMTP_URL when configured; absent otherwise (features fall back to copyable links). */
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(msg) {
      await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text });
    },
  };
}

let cached: Mailer | null | undefined;
/** The mailer built from SMTP_URL (and SMTP_FROM), or undefined when email is not configured. */
export function configuredMailer(): Mailer | undefined {
  if (cached === undefined) {
    const e = env();
    cached = e.SMTP_URL ? smtpMailer(e.SMTP_URL, e.SMTP_FROM ?? "Lodestar <no-reply@lodestar.local>") : null;
  }
  return cached ?? undefined;
}

/** The app's absolute origin outside a request (scheduled jobs): AUTH_URL, else the local default. */
export function configuredOrigin(): string {
  return (env().AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}
