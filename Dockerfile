# syntax=docker/dockerfile:1
# Small production image on the official Bun base. Build: docker build -t livechat-crm .
FROM oven/bun:1.4.5 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; bun reads package-lock.json.
RUN bun install --production --ignore-scripts

FROM oven/bun:1.4.5-slim AS runtime
WORKDIR /app
ENV APP_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY views ./views
COPY static ./static
COPY widget ./widget
COPY migrations ./migrations
RUN mkdir -p /data && chown -R bun:bun /data
USER bun
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD bun -e "const r = await fetch('http://127.0.0.1:' + (process.env.PORT ?? 3000) + '/readyz'); process.exit(r.ok ? 0 : 1)"
# Migrations first (fails fast on a bad DATABASE_URL), then the server, which also drains on SIGTERM.
CMD ["sh", "-c", "bun src/cli/migrate.ts && exec bun src/main.ts"]
