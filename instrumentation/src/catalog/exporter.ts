import { defineMetric } from './types.js';

/**
 * Metrics of zeus-business-exporter: the state of the term read from the Zeus database. Label
 * sets are bounded (term, department, campus): never a student, section or person id.
 */

const place = { term: 'free', department: 'free', campus: 'free' } as const;

export const collectorSuccess = defineMetric({
  name: 'zeus_exporter_collector_success', kind: 'gauge', unit: 'boolean',
  help: '1 if the collector\'s last run succeeded, else 0.', labels: { collector: 'free' }, producer: 'exporter',
});
export const collectorDuration = defineMetric({
  name: 'zeus_exporter_collector_duration_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Duration of the collector\'s last query.', labels: { collector: 'free' }, producer: 'exporter',
});
export const collectorLastSuccess = defineMetric({
  name: 'zeus_exporter_collector_last_success_timestamp_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Unix time of the collector\'s last successful run.', labels: { collector: 'free' }, producer: 'exporter',
});
export const seatsCapacity = defineMetric({
  name: 'zeus_seats_capacity', kind: 'gauge', unit: 'seats',
  help: 'Seats offered in open sections.', labels: place, producer: 'exporter',
});
export const seatsFilled = defineMetric({
  name: 'zeus_seats_filled', kind: 'gauge', unit: 'seats',
  help: 'Seats taken by committed enrollments.', labels: place, producer: 'exporter',
});
export const seatsFillRatio = defineMetric({
  name: 'zeus_seats_fill_ratio', kind: 'gauge', unit: 'ratio',
  help: 'Filled seats divided by capacity (0-1).', labels: place, producer: 'exporter',
});
export const waitlistLength = defineMetric({
  name: 'zeus_waitlist_length', kind: 'gauge', unit: 'students',
  help: 'Students on waitlists.', labels: place, producer: 'exporter',
});
export const waitlistOldestAge = defineMetric({
  name: 'zeus_waitlist_oldest_age_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Age of the oldest waitlist entry (0 when the waitlists are empty).', labels: place, producer: 'exporter',
});
export const enrollmentsCommitted = defineMetric({
  name: 'zeus_enrollments_committed', kind: 'gauge', unit: 'enrollments',
  help: 'Committed enrollments, a cross-check for the in-app counters.', labels: { term: 'free' }, producer: 'exporter',
});
export const gradeSections = defineMetric({
  name: 'zeus_grade_sections', kind: 'gauge', unit: 'sections',
  help: 'Sections that owe grades this term.', labels: { term: 'free' }, producer: 'exporter',
});
export const gradeSectionsComplete = defineMetric({
  name: 'zeus_grade_sections_complete', kind: 'gauge', unit: 'sections',
  help: 'Sections whose grades are all submitted.', labels: { term: 'free' }, producer: 'exporter',
});
export const gradesPending = defineMetric({
  name: 'zeus_grades_pending', kind: 'gauge', unit: 'grades',
  help: 'Enrolled students still without a submitted grade.', labels: { term: 'free' }, producer: 'exporter',
});
export const termGradeDeadline = defineMetric({
  name: 'zeus_term_grade_deadline_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Seconds until the term\'s grade deadline (negative once passed).', labels: { term: 'free' }, producer: 'exporter',
});
export const termEnrollmentOpens = defineMetric({
  name: 'zeus_term_enrollment_opens_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Seconds until the enrollment window opens (negative once open).', labels: { term: 'free' }, producer: 'exporter',
});
export const termEnrollmentCloses = defineMetric({
  name: 'zeus_term_enrollment_closes_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Seconds until the enrollment window closes (negative once closed).', labels: { term: 'free' }, producer: 'exporter',
});
export const termEnrollmentWindowOpen = defineMetric({
  name: 'zeus_term_enrollment_window_open', kind: 'gauge', unit: 'boolean',
  help: '1 while the term\'s enrollment window is open, else 0.', labels: { term: 'free' }, producer: 'exporter',
});
export const databaseSize = defineMetric({
  name: 'zeus_database_size_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Size of the Zeus database file(s), including the WAL.', labels: {}, producer: 'exporter',
});
export const dataVolumeAvailable = defineMetric({
  name: 'zeus_data_volume_available_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Free bytes on the filesystem holding the database.', labels: {}, producer: 'exporter',
});
export const dataVolumeSize = defineMetric({
  name: 'zeus_data_volume_size_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Size of the filesystem holding the database.', labels: {}, producer: 'exporter',
});
export const backupLastSuccess = defineMetric({
  name: 'zeus_backup_last_success_timestamp_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Unix time of the newest complete backup (0 if none).', labels: {}, producer: 'exporter',
});
export const backupSize = defineMetric({
  name: 'zeus_backup_size_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Size of the newest backup.', labels: {}, producer: 'exporter',
});
export const backupRestoreVerified = defineMetric({
  name: 'zeus_backup_restore_verified_timestamp_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Unix time of the last restore verification that passed (0 if none).', labels: {}, producer: 'exporter',
});
export const backupRestoreVerifySuccess = defineMetric({
  name: 'zeus_backup_restore_verify_success', kind: 'gauge', unit: 'boolean',
  help: '1 if the last restore verification passed, else 0.', labels: {}, producer: 'exporter',
});
