import { CronJob } from 'kubernetes-models/batch/v1';
import { DATA_DIR } from './components.js';
import type { ProjectImages } from './images.js';
import { componentLabels, podSelector } from './labels.js';
import { resources, restrictedContainer, restrictedPod, scratchVolumes, TMP } from './pod-security.js';
import { DATA_CLAIM, serviceAccount } from './workloads.js';

/** The two backup jobs: a nightly online backup, and a restore check an hour later. */
const JOBS = [
  { name: 'backup-run', schedule: '0 2 * * *', args: ['backup', 'run', '--db', `${DATA_DIR}/zeus.db`, '--dest', `${DATA_DIR}/backups`, '--keep', '14'] },
  { name: 'backup-verify', schedule: '0 3 * * *', args: ['backup', 'verify', '--db', `${DATA_DIR}/zeus.db`, '--dest', `${DATA_DIR}/backups`] },
] as const;

/**
 * The backup CronJobs, in the calendar's time zone. Jobs have no probes and no disruption
 * budget (a Job is not a served endpoint); a run that fails is retried twice and shows up in
 * the backup alerts through the exporter's `zeus_backup_*` metrics.
 */
export function backupCronJobs(images: ProjectImages, timeZone: string) {
  const scratch = scratchVolumes([TMP]);
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
                    volumeMounts: [{ name: 'data', mountPath: DATA_DIR }, ...scratch.mounts],
                  }],
                  volumes: [{ name: 'data', persistentVolumeClaim: { claimName: DATA_CLAIM } }, ...scratch.volumes],
                },
              },
            },
          },
        },
      });
    }),
  ];
}
