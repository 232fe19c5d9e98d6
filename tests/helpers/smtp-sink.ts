import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { smtpMailer } from "@/server/mail";

export interface ReceivedMail {
  to: string[];
  /** The raw message as nodemailer sent it. */
  raw: string;
  subject: string;
  body: string;
}

/**
 * A local SMTP sink for tests: keeps every message it receives, decoded enough to read the subject
 * and the links. `delayMs` slows each acceptance (to widen race windows).
 */
export async function startSmtpSink(port = 0, delayMs = 0) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, ...decode(raw) });
        if (delayMs) setTimeout(() => cb(), delayMs);
        else cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    received,
    /** The app's SMTP mailer, sending to this sink. */
    mailer: () => smtpMailer(`smtp://127.0.0.1:${bound}`, "Lodestar <no-reply@test.local>"),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Subject (RFC 2047 words) and body (quoted-printable or base64) of a raw message from nodemailer. */
function decode(raw: string): { subject: string; body: string } {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const subjectRaw = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? "";
  const subject = subjectRaw.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : qp(text.replace(/_/g, " ")),
  );
  const bodyRaw = rest.join("\n\n");
  const body = /Content-Transfer-Encoding: base64/i.test(head)
    ? Buffer.from(bodyRaw.replace(/\s+/g, ""), "base64").toString("utf8")
    : /Content-Transfer-Encoding: quoted-printable/i.test(head)
      ? qp(bodyRaw.replace(/=\r?\n/g, ""))
      : bodyRaw;
  return { subject, body };
}
function qp(s: string) {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "=" && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}
