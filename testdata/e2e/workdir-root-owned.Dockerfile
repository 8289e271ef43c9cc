# Negative control: the node-workdir-user example without its working
# folder given back to app: BuildKit made the WORKDIR as app in the
# original, the runtime stage makes it as root, and the program cannot
# write its count there.
FROM node:18-bookworm AS compiler
RUN useradd --uid 1000 --user-group app
USER app
WORKDIR /srv/counter
COPY --chown=app package.json package-lock.json ./
RUN npm ci --offline --no-audit --no-fund
COPY --chown=app src ./src

FROM compiler AS deps
USER root
RUN npm prune --omit=dev

FROM node:18-bookworm-slim
WORKDIR /srv/counter
COPY --from=deps /srv/counter/ /srv/counter/
COPY --from=compiler /etc/passwd /etc/passwd
COPY --from=compiler /etc/group /etc/group
USER app
CMD ["node", "src/count.js"]
