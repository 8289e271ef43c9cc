# Negative control: the go-user-home example with the home folder itself
# copied: COPY --from makes the folder it copies to as root (it keeps the
# owner of what is inside), so notes cannot write its own home.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/notes .
RUN useradd -m notes
USER notes

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /usr/local/bin/notes /usr/local/bin/notes
COPY --from=compiler /etc/passwd /etc/passwd
COPY --from=compiler /etc/group /etc/group
COPY --from=compiler /home/notes/ /home/notes/
USER notes
CMD ["notes"]
