import type { Express } from 'express';
import { back, type PortalContext } from './context.js';
import { clock, html } from './html.js';
import { FLAG_KEYS } from '../../flags/index.js';

interface SectionView {
  id: string; courseId: string; title: string; credits: number; instructor: string; days: string; startMinute: number;
  endMinute: number; room: string; capacity: number; enrolled: number; seatsLeft: number; waitlisted: number; prerequisites: string[];
  position?: number;
}

const when = (s: SectionView) => `${s.days} ${clock(s.startMinute)}-${clock(s.endMinute)}`;

/** Student pages: `/search`, `/enroll`, `/schedule`, `/drop`, `/leave-waitlist`, `/grades`. */
export function mountStudentRoutes(app: Express, ctx: PortalContext): void {
  const { enrollment, grades, render, field, as, apiOptions, failed, flagOn } = ctx;

  app.get('/search', as('student'), async (request, response) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 100) : '';
    const result = await enrollment<{ term: string; sections: SectionView[] }>('GET', `/api/sections?q=${encodeURIComponent(q)}&limit=50`, apiOptions(request, response));
    const sections = result.status === 200 ? result.body.sections : [];
    render(request, response, 'Course search', html`<form method="get" action="/search" role="search">
<label>Course <input name="q" value="${q}" maxlength="100" placeholder="CS201 or Physics"></label> <button type="submit">Search</button></form>
${result.status !== 200 ? html`<p class="notice error" role="alert">${failed(result)}</p>` : ''}
${sections.length === 0 ? html`<p>No sections found.</p>` : html`<table data-testid="results"><thead><tr><th>Section</th><th>Course</th><th>Credits</th><th>When</th><th>Instructor</th><th>Seats</th><th>Waitlist</th><th>Requires</th><th></th></tr></thead><tbody>
${sections.map((s) => html`<tr data-section="${s.id}"><td>${s.id}</td><td>${s.title}</td><td>${s.credits}</td><td>${when(s)}</td><td>${s.instructor}</td>
<td>${s.enrolled}/${s.capacity}</td><td>${s.waitlisted}</td><td>${s.prerequisites.join(', ')}</td>
<td><form method="post" action="/enroll"><input type="hidden" name="sectionId" value="${s.id}"><input type="hidden" name="q" value="${q}">
<button type="submit">${s.seatsLeft > 0 ? 'Enroll' : 'Join waitlist'}</button></form></td></tr>`)}
</tbody></table>`}`, result.status === 200 ? 200 : 502);
  });

  app.post('/enroll', as('student'), async (request, response) => {
    const sectionId = field(request, 'sectionId', 64);
    const q = typeof request.body?.q === 'string' ? request.body.q.slice(0, 100) : '';
    const result = await enrollment('POST', '/api/enrollments', apiOptions(request, response, { sectionId }));
    if (result.status === 201 || result.status === 202) return void response.redirect(303, back('/schedule', 'ok', String(result.body.message)));
    response.redirect(303, back(`/search?q=${encodeURIComponent(q)}`, 'err', failed(result)));
  });

  app.get('/schedule', as('student'), async (request, response) => {
    const result = await enrollment<{ term: { id: string }; credits: number; creditLimit: number; enrolled: SectionView[]; waitlisted: SectionView[] }>(
      'GET', '/api/schedule', apiOptions(request, response),
    );
    if (result.status !== 200) return render(request, response, 'My schedule', html`<p class="notice error" role="alert">${failed(result)}</p>`, 502);
    const { enrolled, waitlisted, credits, creditLimit, term } = result.body;
    // Flag portal-credit-meter (per student): a meter of credits against the term's limit.
    const meter = (await flagOn(FLAG_KEYS.portalCreditMeter, request, response))
      ? html`<meter data-testid="credit-meter" min="0" max="${creditLimit}" high="${creditLimit - 3}" value="${credits}">${credits} of ${creditLimit}</meter>` : '';
    render(request, response, 'My schedule', html`<p>Term ${term.id}: ${credits} of ${creditLimit} credits.</p>${meter}
<h2>Enrolled</h2>${enrolled.length === 0 ? html`<p>No classes yet.</p>` : html`<table data-testid="schedule"><thead><tr><th>Section</th><th>Course</th><th>When</th><th>Room</th><th></th></tr></thead><tbody>
${enrolled.map((s) => html`<tr data-section="${s.id}"><td>${s.id}</td><td>${s.title}</td><td>${when(s)}</td><td>${s.room}</td>
<td><form method="post" action="/drop"><input type="hidden" name="sectionId" value="${s.id}"><button type="submit">Drop</button></form></td></tr>`)}</tbody></table>`}
<h2>Waitlists</h2>${waitlisted.length === 0 ? html`<p>Not on any waitlist.</p>` : html`<table data-testid="waitlists"><thead><tr><th>Section</th><th>Course</th><th>Position</th><th></th></tr></thead><tbody>
${waitlisted.map((s) => html`<tr data-section="${s.id}"><td>${s.id}</td><td>${s.title}</td><td>${s.position}</td>
<td><form method="post" action="/leave-waitlist"><input type="hidden" name="sectionId" value="${s.id}"><button type="submit">Leave waitlist</button></form></td></tr>`)}</tbody></table>`}`);
  });

  app.post('/drop', as('student'), async (request, response) => {
    const sectionId = field(request, 'sectionId', 64);
    const result = await enrollment('DELETE', `/api/enrollments/${encodeURIComponent(sectionId)}`, apiOptions(request, response));
    response.redirect(303, back('/schedule', result.status === 200 ? 'ok' : 'err', result.status === 200 ? `Dropped ${sectionId}` : failed(result)));
  });

  app.post('/leave-waitlist', as('student'), async (request, response) => {
    const sectionId = field(request, 'sectionId', 64);
    const result = await enrollment('DELETE', `/api/waitlists/${encodeURIComponent(sectionId)}`, apiOptions(request, response));
    response.redirect(303, back('/schedule', result.status === 200 ? 'ok' : 'err', result.status === 200 ? `Left the waitlist of ${sectionId}` : failed(result)));
  });

  app.get('/grades', as('student'), async (request, response) => {
    const result = await grades<{ grades: { termId: string; courseId: string; title: string; credits: number; grade: string }[] }>('GET', '/api/grades', apiOptions(request, response));
    if (result.status !== 200) return render(request, response, 'My grades', html`<p class="notice error" role="alert">${failed(result)}</p>`, 502);
    render(request, response, 'My grades', result.body.grades.length === 0 ? html`<p>No grades yet.</p>` : html`<table data-testid="grades"><thead><tr><th>Term</th><th>Course</th><th>Title</th><th>Credits</th><th>Grade</th></tr></thead><tbody>
${result.body.grades.map((g) => html`<tr><td>${g.termId}</td><td>${g.courseId}</td><td>${g.title}</td><td>${g.credits}</td><td>${g.grade}</td></tr>`)}</tbody></table>`);
  });
}
