import type { AcademicCalendar } from './types.js';

/**
 * Zeus Academia's published calendar for the 2026-2027 academic year (registrar's office,
 * Eastern time). Add next year's terms here; nothing else hard-codes dates.
 */
export const ZEUS_CALENDAR: AcademicCalendar = {
  timeZone: 'America/New_York',
  registrationOpeningHours: 72,
  gradeDeadlineHours: 48,
  terms: [
    {
      id: '2026FA',
      name: 'Fall 2026',
      classes: { start: '2026-08-24T00:00', end: '2026-12-12T00:00' },
      enrollment: { start: '2026-04-06T08:00', end: '2026-09-04T23:59' },
      addDrop: { start: '2026-08-24T00:00', end: '2026-09-04T23:59' },
      finals: { start: '2026-12-14T00:00', end: '2026-12-19T00:00' },
      gradeDeadline: '2026-12-22T17:00',
    },
    {
      id: '2027SP',
      name: 'Spring 2027',
      classes: { start: '2027-01-19T00:00', end: '2027-05-01T00:00' },
      enrollment: { start: '2026-11-02T08:00', end: '2027-01-29T23:59' },
      addDrop: { start: '2027-01-19T00:00', end: '2027-01-29T23:59' },
      finals: { start: '2027-05-03T00:00', end: '2027-05-08T00:00' },
      gradeDeadline: '2027-05-11T17:00',
    },
    {
      id: '2027SU',
      name: 'Summer 2027',
      classes: { start: '2027-05-24T00:00', end: '2027-08-06T00:00' },
      enrollment: { start: '2027-03-15T08:00', end: '2027-05-28T23:59' },
      addDrop: { start: '2027-05-24T00:00', end: '2027-05-28T23:59' },
      finals: { start: '2027-08-09T00:00', end: '2027-08-12T00:00' },
      gradeDeadline: '2027-08-16T17:00',
    },
    {
      id: '2027FA',
      name: 'Fall 2027',
      classes: { start: '2027-08-23T00:00', end: '2027-12-11T00:00' },
      enrollment: { start: '2027-04-05T08:00', end: '2027-09-03T23:59' },
      addDrop: { start: '2027-08-23T00:00', end: '2027-09-03T23:59' },
      finals: { start: '2027-12-13T00:00', end: '2027-12-18T00:00' },
      gradeDeadline: '2027-12-21T17:00',
    },
  ],
  holidays: [
    { name: 'Thanksgiving break', period: { start: '2026-11-25T00:00', end: '2026-11-30T00:00' } },
    { name: 'Winter break', period: { start: '2026-12-23T00:00', end: '2027-01-04T00:00' } },
    { name: 'Spring break', period: { start: '2027-03-08T00:00', end: '2027-03-15T00:00' } },
    { name: 'Independence Day', period: { start: '2027-07-04T00:00', end: '2027-07-06T00:00' } },
  ],
  maintenance: [
    {
      name: 'Winter database maintenance',
      period: { start: '2026-12-27T02:00', end: '2026-12-27T06:00' },
      services: ['enrollment', 'grades', 'portal'],
    },
    {
      name: 'Summer platform upgrade',
      period: { start: '2027-06-13T01:00', end: '2027-06-13T05:00' },
      services: [],
    },
  ],
};
