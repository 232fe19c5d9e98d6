/** The client's IP as seen through a reverse proxy / serverless host. */
export function clientIp(headers: Headers | undefined): string {
  const fwd = headers?.get("x-forwarded-for");
  if (fwd) return fwd.split(",")[0]!.trim().slice(0, 64);
  return headers?.get("x-real-ip")?.slice(0, 64) ?? "unknown";
}
