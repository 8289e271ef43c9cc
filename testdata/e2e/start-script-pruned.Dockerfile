# Negative control: the node-start-script example as msrewrite rewrote it
# before it read the scripts CMD runs: the prune removes the
# devDependency whose program the start script runs.
FROM node:18-bookworm AS compiler
WORKDIR /usr/src/app
COPY . .
RUN npm ci --offline --no-audit --no-fund

FROM compiler AS deps
RUN npm prune --omit=dev

FROM node:18-bookworm-slim
WORKDIR /usr/src/app
COPY --from=deps /usr/src/app/ /usr/src/app/
CMD ["npm", "start"]
