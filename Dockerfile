# flashmesh serve in a container. UNTESTED BY CI: Docker cannot run where flashmesh is built and tested.
# Debian-based Node image, npm packages only. See docs/self-hosting.md.
#   docker build -t flashmesh .
#   docker run --rm -p 8080:8080 flashmesh serve [options]      (or -e FLASHMESH_<OPTION>=…)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production FLASHMESH_HOST=0.0.0.0 PORT=8080 FLASHMESH_LOG_FORMAT=json
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/public ./public
COPY --from=build /app/fixtures ./fixtures
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/flashmesh.mjs"]
CMD ["serve"]
