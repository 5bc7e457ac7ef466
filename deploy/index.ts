/**
 * Deployment: docker-compose.yml, the project Dockerfiles (deploy/docker) and the Collector,
 * Tempo, Loki and Prometheus configurations it mounts. This door exposes the compose loader the
 * validation tests use.
 */
export {
  COMPOSE_FILE,
  bindMounts,
  commandOf,
  endpointOf,
  environmentOf,
  flagOf,
  listenPort,
  loadCompose,
  publishedPorts,
  readYaml,
  type BindMount,
  type ComposeFile,
  type ComposeService,
  type PublishedPort,
} from './compose-file.js';
