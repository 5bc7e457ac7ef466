/**
 * Deployment: docker-compose.yml, the project Dockerfiles (deploy/docker) and the Collector,
 * Tempo, Loki and Prometheus configurations it mounts. This door exposes the compose loader the
 * validation tests use.
 */
export { bindMounts, commandOf, environmentOf, loadCompose, publishedPorts, type ComposeService } from './compose-file.js';
