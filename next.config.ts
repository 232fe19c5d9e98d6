import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { staticSecurityHeaders } from "./server/security-headers";

const withNextIntl = createNextIntlPlugin("./app/_i18n/request.ts");

const nextConfig: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "ws", "@neondatabase/serverless", "pino"],
  poweredByHeader: false,
  typedRoutes: false,
  // The type check is its own step of `npm test` (tsc --noEmit over app, server, db and tests);
  // repeating it inside every `next build` only slows builds down.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    // HSTS in production builds (browsers ignore it over plain http, so local runs are unaffected).
    return [{ source: "/:path*", headers: staticSecurityHeaders({ production: process.env.NODE_ENV === "production" }) }];
  },
};

export default withNextIntl(nextConfig);
