# syntax=docker/dockerfile:1
# The upstream Collector image is FROM scratch: no shell, so Docker cannot run a health check in
# it. This image copies the same static binary onto Alpine (busybox wget for the probe of the
# health_check extension on :13133) and runs it as an unprivileged user.
FROM otel/opentelemetry-collector-contrib:0.116.1 AS upstream

FROM alpine:3.20.3
RUN addgroup -S -g 10001 otel && adduser -S -u 10001 -G otel otel
COPY --from=upstream /otelcol-contrib /usr/local/bin/otelcol-contrib
USER 10001
EXPOSE 4317 4318 13133 24224
ENTRYPOINT ["/usr/local/bin/otelcol-contrib"]
CMD ["--config=/etc/otelcol/config.yaml"]
