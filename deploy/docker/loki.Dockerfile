# syntax=docker/dockerfile:1
# Loki's static binary on Alpine, so the compose health check can probe /ready with wget, with
# the data directory owned by the unprivileged user (a fresh named volume inherits it).
FROM grafana/loki:3.3.2 AS upstream

FROM alpine:3.20.3
RUN addgroup -S -g 10001 loki && adduser -S -u 10001 -G loki loki \
 && mkdir -p /loki && chown 10001:10001 /loki
COPY --from=upstream /usr/bin/loki /usr/local/bin/loki
USER 10001
EXPOSE 3100
ENTRYPOINT ["/usr/local/bin/loki"]
CMD ["-config.file=/etc/loki/loki.yaml"]
