import dns from "node:dns";
import net from "node:net";
import { env, isProduction } from "../env";

/**
 * Where webhooks may be sent (server-side request forgery care): http and https only, and in
 * production no private, loopback, link-local or otherwise internal address, unless
 * WEBHOOKS_ALLOW_PRIVATE=1. The check runs on the address actually connected to (a custom DNS
 * lookup), so a name that resolves to an internal address is refused too.
 */
const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(addr, prefix, "ipv4");
}
for (const [addr, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(addr, prefix, "ipv6");
}

/** True for an IP address that is private, loopback, link-local, multicast or unspecified. */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    return blocked.check(ip, "ipv6");
  }
  return false;
}

/**
 * Whether private targets are allowed here: outside production and in the local demo
 * (`npm run demo`, LODESTAR_DEMO=1) always; in production only when WEBHOOKS_ALLOW_PRIVATE=1.
 */
export function privateTargetsAllowed(): boolean {
  const e = env();
  return !isProduction() || e.LODESTAR_DEMO === "1" || e.WEBHOOKS_ALLOW_PRIVATE === "1";
}

/** The reason a webhook URL is refused ("protocol", "private"), or null when it is acceptable. */
export function urlProblem(raw: string, allowPrivate = privateTargetsAllowed()): "protocol" | "private" | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "protocol";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return "protocol";
  if (u.username || u.password) return "protocol";
  if (allowPrivate) return null;
  const host = u.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) return "private";
  if (net.isIP(host) && isPrivateAddress(host)) return "private";
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A dns.lookup for http(s).request that refuses internal addresses (unless they are allowed). */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", undefined);
      const list = addresses as dns.LookupAddress[];
      if (!allowPrivate && list.some((a) => isPrivateAddress(a.address))) {
        const e = Object.assign(new Error(`Refused: ${hostname} resolves to a private address`), { code: "EPRIVATE" });
        return callback(e, "", undefined);
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), "", undefined);
      callback(null, first.address, first.family);
    });
  };
}
