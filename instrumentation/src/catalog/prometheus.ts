import { defineMetric } from './types.js';

/** Series Prometheus itself writes for every target and alert; queries may use them too. */

export const up = defineMetric({
  name: 'up', kind: 'gauge', unit: 'boolean',
  help: '1 if the last scrape of the target succeeded, else 0.', labels: {}, producer: 'prometheus',
});
export const scrapeDurationSeconds = defineMetric({
  name: 'scrape_duration_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Duration of the last scrape of the target.', labels: {}, producer: 'prometheus',
});
export const scrapeSamplesScraped = defineMetric({
  name: 'scrape_samples_scraped', kind: 'gauge', unit: 'samples',
  help: 'Samples the target exposed in the last scrape.', labels: {}, producer: 'prometheus',
});
export const alerts = defineMetric({
  name: 'ALERTS', kind: 'gauge', unit: 'boolean',
  help: 'Pending and firing alerts, one series per alert.',
  labels: { alertname: 'free', alertstate: ['pending', 'firing'], severity: 'free', team: 'free' },
  producer: 'prometheus',
});
