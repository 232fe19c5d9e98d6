import net from "node:net";
import { WebSocketServer } from "ws";

/**
 * A WebSocket-to-TCP proxy like the one Neon runs in front of Postgres, for loopback targets only.
 * Lets the @neondatabase/serverless driver talk to a local PostgreSQL server in tests.
 */
export async function startWsProxy(): Promise<{ address: string; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  wss.on("connection", (ws, req) => {
    const url = new URL(req.url ?? "/", "http://proxy");
    const target = url.searchParams.get("address") ?? "";
    const [host, portStr] = target.split(":");
    const port = Number(portStr);
    if (!host || !["127.0.0.1", "localhost", "::1"].includes(host) || !port) {
      ws.close(1008, "only loopback targets");
      return;
    }
    count++;
    const socket = net.connect({ host: host === "localhost" ? "127.0.0.1" : host, port });
    socket.on("data", (d) => ws.readyState === ws.OPEN && ws.send(d));
    socket.on("close", () => ws.close());
    socket.on("error", () => ws.close());
    ws.on("message", (d) => socket.write(d as Buffer));
    ws.on("close", () => socket.destroy());
    ws.on("error", () => socket.destroy());
  });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  const addr = wss.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${addr.port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}
