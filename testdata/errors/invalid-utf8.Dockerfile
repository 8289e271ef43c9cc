FROM golang:1.22
RUN echo Ã(
