# Negative control: the node-user example as msrewrite rewrote it before
# the prune stage ran as root: the builder's last USER (app) inherits
# the node_modules npm ci wrote as root, and npm prune may not remove them.
FROM node:18-bookworm AS compiler
RUN useradd --uid 1000 --user-group app
WORKDIR /usr/src/app
COPY . .
RUN npm ci --offline --no-audit --no-fund
USER app

FROM compiler AS deps
RUN npm prune --omit=dev

FROM node:18-bookworm-slim
WORKDIR /usr/src/app
COPY --from=deps /usr/src/app/ /usr/src/app/
COPY --from=compiler /etc/passwd /etc/passwd
COPY --from=compiler /etc/group /etc/group
USER app
CMD ["node", "src/app.js"]
