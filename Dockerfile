# Strangler's container image: the compiled proxy (dist/) on Node 20, run as the unprivileged `node` user.
#   docker build -t strangler .
#   docker run -p 8080:8080 -p 9090:9090 -e STRANGLER_ADMIN_TOKENS=ops=$(openssl rand -hex 24) \
#     -v "$PWD/routes.yaml:/etc/strangler/routes.yaml" strangler
# The entry point is node itself (exec form, no npm/npx/shell in between), so the SIGTERM of `docker stop`
# or Kubernetes drains the proxy and SIGHUP reloads routes.yaml. docs/OPERATIONS.md "Container image".
# test/unit/deploy/dockerfile.test.ts checks this file; the build test runs its entry point on what it copies.

# --- build: every dependency, the TypeScript compiled to dist/, then the dev dependencies removed ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY types ./types
COPY proxy ./proxy
COPY services ./services
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run: only what the compiled proxy reads; no sources, no compiler, no dev dependencies ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    STRANGLER_RUNTIME=dist \
    STRANGLER_CONFIG=/etc/strangler/routes.yaml \
    STRANGLER_AUDIT_FILE=/var/lib/strangler/audit.jsonl \
    STRANGLER_RAMP_STATE_FILE=/var/lib/strangler/ramp.json \
    STRANGLER_STORE_CACHE=/var/lib/strangler/store-cache.json \
    STRANGLER_DATA_DIR=/var/lib/strangler/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
# A starting config (legacy at http://legacy:5000, no routes yet); mount your own routes.yaml over it.
COPY --chown=node:node deploy/routes.yaml /etc/strangler/routes.yaml
# Writable by the proxy: routes.yaml edits (file store), the audit log, ramp state, the store's table cache.
RUN mkdir -p /var/lib/strangler && chown node:node /var/lib/strangler /etc/strangler
USER node
# 8080: the proxy listener; 9090: admin API, /metrics, /healthz, /readyz (listen.port and admin.port).
EXPOSE 8080 9090
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9090/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/strangler.js", "start"]
CMD ["--config", "/etc/strangler/routes.yaml"]
