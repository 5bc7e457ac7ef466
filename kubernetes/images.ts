/** The project's own images, tagged with the package version (built from deploy/docker/zeus.Dockerfile). */
export interface ProjectImages {
  readonly app: string;
  readonly synthetics: string;
}

/** Image names as docker-compose.yml builds them; overlays move them to a registry with kustomize `images`. */
export const IMAGE_NAMES = { app: 'zeus-observability/app', synthetics: 'zeus-observability/synthetics' } as const;

/** The project's images at one version. A version must be exact: `latest` and ranges are refused. */
export function projectImages(version: string): ProjectImages {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`image version must be an exact semver, got '${version}'`);
  return { app: `${IMAGE_NAMES.app}:${version}`, synthetics: `${IMAGE_NAMES.synthetics}:${version}` };
}
