# syntax=docker/dockerfile:1
# Lodestar: a production image. Build: `docker build -t lodestar .`
# Run:  docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e AUTH_SECRET=… -e AUTH_URL=https://… lodestar
# Migrate (once per deploy, before the new version serves; safe to run concurrently):
#       docker run --rm -e DATABASE_URL=<direct url> lodestar npm run db:migrate

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The build opens no database; the embedded one is pointed at a throw-away folder just in case.
RUN DATABASE_URL=pglite:/tmp/build-db LODESTAR_DEMO=1 npx next build

FROM node:20-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN groupadd --system lodestar && useradd --system --gid lodestar --home /app lodestar
# Runtime dependencies plus tsx for `npm run db:migrate` / `npm run jobs`.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY package.json package-lock.json next.config.ts tsconfig.json instrumentation.ts ./
COPY app ./app
COPY server ./server
COPY db ./db
COPY scripts ./scripts
COPY types ./types
USER lodestar
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# next start handles SIGTERM: in-flight requests finish, then the database pools close.
CMD ["sh", "-c", "exec node_modules/.bin/next start -p ${PORT} -H ${HOSTNAME}"]
