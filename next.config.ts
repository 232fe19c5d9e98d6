import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./app/_i18n/request.ts");

const nextConfig: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "ws", "@neondatabase/serverless"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default withNextIntl(nextConfig);
