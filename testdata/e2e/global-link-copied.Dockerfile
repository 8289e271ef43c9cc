# Negative control: the node-global-link example rewritten with the
# program's link copied from the builder: COPY --from copies the file
# the link points to in its place, and the program then looks for its
# greeting beside the copy, in /usr/local.
FROM node:18-bookworm AS compiler
WORKDIR /opt/greeter
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
# The package itself, linked into npm's global folders: its program is
# on PATH as greet.
RUN npm install -g .

FROM compiler AS deps
RUN npm prune --omit=dev

FROM node:18-bookworm-slim
WORKDIR /opt/greeter
COPY --from=deps /opt/greeter/ /opt/greeter/
COPY --from=compiler /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=compiler /usr/local/bin/greet /usr/local/bin/greet
ENTRYPOINT ["greet"]
CMD ["Ada"]
