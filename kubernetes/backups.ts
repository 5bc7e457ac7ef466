import { CronJob } from 'kubernetes-models/batch/v1';
import { BACKUP_DIR } from './components.js';
import type { ProjectImages } from './images.js';
import { componentLabels, podSelector } from './labels.js';
import { resources, restrictedContainer, restrictedPod, scratchVolumes, TMP } from './pod-security.js';
import { BACKUP_CLAIM, databaseEnv, databaseVolume, serviceAccount } from './workloads.js';

/**
 * The two backup jobs against the PostgreSQL database (the backup role from the `zeus-database`
 * Secret, ZEUS_DATABASE_URL): a nightly base backup, and a restore check an hour later.
 */
const JOBS = [
  { name: 'backup-run', schedule: '0 2 * * *', args: ['backup', 'run', '--dest', BACKUP_DIR] },
  { name: 'backup-verify', schedule: '0 3 * * *', args: ['backup', 'verify', '--dest', BACKUP_DIR] },
] as const;

/**
 * The backup CronJobs, in the calendar's time zone. Jobs have no probes and no disruption
 * budget (a Job is not a served endpoint); a run that fails is retried twice and shows up in
 * the backup alerts through the exporter's `zeus_backup_*` metrics.
 */
export function backupCronJobs(images: ProjectImages, timeZone: string) {
  const scratch = scratchVolumes([TMP]);
  const database = databaseVolume('backup');
  return [
    serviceAccount('backup', 'backup'),
    ...JOBS.map((job) => {
      const labels = { ...componentLabels('backup', 'backup'), 'zeus.academia/job': job.name };
      return new CronJob({
        metadata: { name: job.name, labels },
        spec: {
          schedule: job.schedule, timeZone, concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
          jobTemplate: {
            spec: {
              backoffLimit: 2, activeDeadlineSeconds: 3600,
              template: {
                metadata: { labels: { ...labels, ...podSelector('backup') } },
                spec: {
                  serviceAccountName: 'backup', automountServiceAccountToken: false, restartPolicy: 'OnFailure', securityContext: restrictedPod(),
                  containers: [{
                    name: job.name, image: images.app, command: ['node', 'bin/zeus-obs.mjs'], args: [...job.args],
                    resources: resources({ requests: { cpuMillis: 100, memoryMiB: 128 }, limits: { cpuMillis: 1000, memoryMiB: 512 } }),
                    securityContext: restrictedContainer(),
                    env: databaseEnv('backup'),
                    volumeMounts: [{ name: 'backups', mountPath: BACKUP_DIR }, database.mount, ...scratch.mounts],
                  }],
                  volumes: [{ name: 'backups', persistentVolumeClaim: { claimName: BACKUP_CLAIM } }, database.volume, ...scratch.volumes],
                },
              },
            },
          },
        },
      });
    }),
  ];
}
