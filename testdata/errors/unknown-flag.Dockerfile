FROM golang:1.22
COPY --frm=x . .
