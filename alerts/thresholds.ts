/**
 * Thresholds of the initial alerts, in one place (kubernetes-mixin style), so tuning an alert
 * is a one-line change reviewed next to its promtool tests.
 */
export const THRESHOLDS = {
  /** Enrollment throughput below this share of the previous hour's rate is a collapse. */
  enrollmentCollapseRatio: 0.25,
  /** Baseline enrollments per second below which a collapse is not judged (quiet nights). */
  enrollmentMinBaselinePerSecond: 0.05,
  /** Share of enrollment attempts ending in `error`: warning, critical. */
  enrollmentErrorRatio: { warning: 0.02, critical: 0.1 },
  /** Attempts per 5 minutes below which the error ratio is not judged. */
  enrollmentMinAttempts5m: 20,
  /** Grade submissions are watched for a stall this close to the deadline (seconds). */
  gradeStallHorizonSeconds: 72 * 3600,
  /** Event-loop lag p99 in seconds: warning, critical. */
  eventLoopLagSeconds: { warning: 0.2, critical: 1 },
  /** Resident memory of a Node service in bytes (warning). */
  residentMemoryBytes: 1.5 * 1024 ** 3,
  /** Capacity forecasts: fill within this many hours (warning, critical). */
  fillHorizonHours: { warning: 24, critical: 4 },
  /** Backups older than this many hours: warning, critical. */
  backupAgeHours: { warning: 26, critical: 50 },
  /** Failed logins per second (all accounts) that look like brute force. */
  failedLoginsPerSecond: 2,
  /** Share of login attempts failing, which real users alone rarely reach. */
  failedLoginRatio: 0.5,
  /** Logins refused by backoff or a full password queue in 15 minutes (per scope) that mean a sustained attack, not a forgetful user. */
  throttledLoginsPer15m: 20,
  /** Share of spans dropped before export. */
  spanDropRatio: 0.01,
  /** PostgreSQL (alerts/postgres.alerts.ts, dashboards/postgres.dashboard.ts), from prometheus-postgres-exporter. */
  postgres: {
    /** Share of max_connections in use: warning, critical (new connections fail at 1). */
    connectionRatio: { warning: 0.8, critical: 0.95 },
    /** Age in seconds of the oldest open transaction (active or idle in transaction): warning, critical. */
    transactionAgeSeconds: { warning: 5 * 60, critical: 30 * 60 },
    /** Deadlocks in 15 minutes in one database; the enrollment rules lock in one order, so any is a defect. */
    deadlocksPer15m: 3,
    /** WAL bytes a replica may trail the primary: warning, critical (at tens of writes a second, 16 MiB is minutes of enrollments). */
    replicationLagBytes: { warning: 16 * 1024 ** 2, critical: 256 * 1024 ** 2 },
    /** The database's allocation (its volume or quota): the size forecast warns before it is exceeded. */
    databaseSizeBudgetBytes: 50 * 1024 ** 3,
    /** How far ahead the size forecast looks, in days, fitted over `sizeForecastLookback`. */
    sizeForecastDays: 7,
    sizeForecastLookback: '6h',
    /** Minutes postgres_exporter must fail to connect to its server (`pg_up == 0`) before a page: longer than a restart. */
    serverDownMinutes: 2,
    /** Minutes the exporter itself must be unreachable (`up == 0`) before a ticket: PostgreSQL is unwatched, not necessarily down. */
    exporterDownMinutes: 5,
  },
  /** The alerting pipeline (alerts/meta.alerts.ts), as in the upstream Prometheus and Alertmanager mixins. */
  pipeline: {
    /** Share of alerts Prometheus fails to send to its best Alertmanager (mixin: 3%). */
    sendErrorRatio: 0.03,
    /** Share of one integration's notifications Alertmanager fails to deliver (mixin: 1%). */
    notificationFailureRatio: 0.01,
    /** How far ahead the notification queue's growth is projected, in seconds (mixin: 30 minutes). */
    queueHorizonSeconds: 30 * 60,
  },
  /** Minutes a host's node_exporter must be unreachable before the host counts as down (page). */
  hostDownMinutes: 5,
  /**
   * CPU saturation held for 15 minutes: share of time some task waited for a CPU (PSI), or, on
   * kernels without PSI, the 5-minute load average per core.
   */
  hostCpuSaturation: { pressureRatio: 0.5, loadPerCore: 2 },
  /** Share of RAM still available (MemAvailable / MemTotal) below which a host is under memory pressure: warning, critical. */
  hostMemoryAvailableRatio: { warning: 0.1, critical: 0.05 },
  /**
   * Filesystem forecasts by `predict_linear`: page when the trend of the last `lookbackHours`
   * fills it within `horizonHours`; ticket when the trend of the last day fills it within `horizonDays`.
   */
  hostFilesystemFill: { critical: { horizonHours: 4, lookbackHours: 6 }, warning: { horizonDays: 4, lookbackHours: 24 } },
  /** Average I/O queue depth of a disk (weighted I/O seconds per second) held for 15 minutes. */
  hostDiskQueueDepth: 4,
  /**
   * Minutes every blackbox probe scrape must fail (or no probe job exist) before a ticket: the
   * endpoints are unwatched, not necessarily down, as for the PostgreSQL exporter.
   */
  blackboxDownMinutes: 5,
  /** Minutes an endpoint probe must fail before a ticket (warning) and a page (critical). */
  endpointDownMinutes: { warning: 2, critical: 5 },
  /** Days before the public certificate expires: ticket, page. */
  tlsCertificateDays: { warning: 14, critical: 3 },
  /** Minutes the public name must fail to resolve before a ticket and a page. */
  dnsFailingMinutes: { warning: 2, critical: 5 },
} as const;
