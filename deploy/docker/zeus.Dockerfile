# syntax=docker/dockerfile:1
# The Zeus images: reference services, business exporter, PagerDuty stand-in (target `app`) and
# the synthetics scheduler with Debian Chromium (target `synthetics`). Multi-stage: compilers and
# the npm cache stay in `build`; the runtime stages run as the unprivileged `node` user.
# Build context is the repository root (see docker-compose.yml).

FROM node:20.18.1-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY instrumentation/package.json instrumentation/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && rm -rf instrumentation/src instrumentation/test .data generated

FROM node:20.18.1-bookworm-slim AS app
ENV NODE_ENV=production \
    ZEUS_DATA_DIR=/data
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app /app
USER node
ENTRYPOINT ["node", "bin/zeus-obs.mjs"]
CMD ["--help"]

FROM app AS synthetics
USER root
# Debian Chromium: the journeys launch it by executablePath; no browser is ever downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV ZEUS_CHROMIUM_PATH=/usr/bin/chromium
# Failure evidence (screenshots of student pages): a fresh named volume takes this owner and mode.
RUN mkdir -p /app/artifacts && chown node:node /app/artifacts && chmod 0700 /app/artifacts
USER node
