# syntax=docker/dockerfile:1
# Tempo's static binary on Alpine, so the compose health check can probe /ready with wget, with
# the data directory owned by the unprivileged user (a fresh named volume inherits it).
FROM grafana/tempo:2.6.1 AS upstream

FROM alpine:3.20.3
RUN addgroup -S -g 10001 tempo && adduser -S -u 10001 -G tempo tempo \
 && mkdir -p /var/tempo && chown 10001:10001 /var/tempo
COPY --from=upstream /tempo /usr/local/bin/tempo
USER 10001
EXPOSE 3200 4317
ENTRYPOINT ["/usr/local/bin/tempo"]
CMD ["-config.file=/etc/tempo/tempo.yaml"]
