# flashmesh serve in a container. UNTESTED BY CI: Docker cannot run where flashmesh is built and tested.
# Debian-based Node image, npm packages only. See docs/self-hosting.md.
#   docker build -t flashmesh .
#   docker run --rm -p 8080:8080 flashmesh serve [options]      (or -e FLASHMESH_<OPTION>=…)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production FLASHMESH_HOST=0.0.0.0 PORT=8080 FLASHMESH_LOG_FORMAT=json
COPY package.json package-lock.json ./
# The library's dependencies, then the server's own packages (optional peer dependencies, README "Installing").
RUN npm ci --omit=dev && npm install --no-save --no-package-lock express@^4.22.3 peer@^1.0.2 prom-client@^15.1.3 ws@^8.23.0 ioredis@^5.11.1 @ruffle-rs/ruffle@^0.6.0
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/public ./public
COPY --from=build /app/fixtures ./fixtures
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/flashmesh.mjs"]
CMD ["serve"]
