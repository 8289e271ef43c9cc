# Negative control: the node-shell-start example as msrewrite rewrote it
# before it read the build context's scripts CMD runs: the prune removes
# the devDependency whose program start.sh runs.
FROM node:18-bookworm AS compiler
WORKDIR /usr/src/app
COPY . .
RUN npm ci --offline --no-audit --no-fund

FROM compiler AS deps
RUN npm prune --omit=dev

FROM node:18-bookworm-slim
WORKDIR /usr/src/app
COPY --from=deps /usr/src/app/ /usr/src/app/
CMD ["sh", "start.sh"]
