# Gatehouse production image: `output: 'standalone'` (next.config.js) on Node 20, run as a non-root user.
#   docker build -t gatehouse .
#   docker compose up            # the app and PostgreSQL; see compose.yaml and README "Deploy"
# tests/deploy/standalone.test.ts copies exactly what the runtime stage's COPY --from=build lines name
# into an empty folder and runs it on PostgreSQL, so keep those lines simple: COPY --from=build SRC DEST.

FROM node:20-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data
# The traced server and the node_modules it needs, its static assets, and the migrations applied at
# boot (read from the working folder). Nothing else: no build-stage node_modules, tests, .env or .data.
COPY --from=build --chown=node:node /src/.next/standalone ./
COPY --from=build --chown=node:node /src/.next/static ./.next/static
COPY --from=build --chown=node:node /src/drizzle ./drizzle
COPY --from=build --chown=node:node /src/content ./content
# DATA_DIR holds the embedded PGlite database when DATABASE_URL is unset; mount a volume there.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same V8 heap limit as `npm start` (docs/PERFORMANCE.md, "Memory").
CMD ["node", "--max-old-space-size=320", "server.js"]
