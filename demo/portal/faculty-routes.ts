import type { Express } from 'express';
import { back, type PortalContext } from './context.js';
import { html } from './html.js';

/** Faculty pages: `/teaching`, `/roster/:id` (view and grade submission). */
export function mountFacultyRoutes(app: Express, ctx: PortalContext): void {
  const { grades, render, as, apiOptions, failed } = ctx;

  app.get('/teaching', as('faculty'), async (request, response) => {
    const result = await grades<{ term: { id: string }; sections: { id: string; title: string; enrolled: number; graded: number }[] }>('GET', '/api/teaching', apiOptions(request, response));
    if (result.status !== 200) return render(request, response, 'My sections', html`<p class="notice error" role="alert">${failed(result)}</p>`, 502);
    render(request, response, 'My sections', html`<table data-testid="teaching"><thead><tr><th>Section</th><th>Course</th><th>Students</th><th>Graded</th></tr></thead><tbody>
${result.body.sections.map((s) => html`<tr><td><a href="/roster/${encodeURIComponent(s.id)}">${s.id}</a></td><td>${s.title}</td><td>${s.enrolled}</td><td>${s.graded}</td></tr>`)}</tbody></table>`);
  });

  app.get('/roster/:id', as('faculty', 'registrar'), async (request, response) => {
    const id = String(request.params.id).slice(0, 64);
    const result = await grades<{ section: { id: string; title: string }; open: boolean; gradeValues: string[]; students: { studentId: string; name: string; grade: string | null }[] }>(
      'GET', `/api/sections/${encodeURIComponent(id)}/roster`, apiOptions(request, response),
    );
    if (result.status !== 200) return render(request, response, 'Roster', html`<p class="notice error" role="alert">${failed(result)}</p>`, result.status >= 500 ? 502 : result.status);
    const { section, students, gradeValues, open } = result.body;
    render(request, response, `Roster of ${section.id}`, html`<p>${section.title}. ${open ? 'Grades are open.' : 'The grade deadline has passed.'}</p>
<form method="post" action="/roster/${encodeURIComponent(section.id)}"><datalist id="grade-values">${gradeValues.map((g) => html`<option value="${g}">`)}</datalist>
<table data-testid="roster"><thead><tr><th>Student</th><th>Id</th><th>Grade</th></tr></thead><tbody>
${students.map((s) => html`<tr data-student="${s.studentId}"><td>${s.name}</td><td>${s.studentId}</td>
<td><input name="grade:${s.studentId}" value="${s.grade ?? ''}" list="grade-values" maxlength="4" size="4" aria-label="Grade for ${s.name}"></td></tr>`)}</tbody></table>
<p><button type="submit">Submit grades</button></p></form>`);
  });

  app.post('/roster/:id', as('faculty'), async (request, response) => {
    const id = String(request.params.id).slice(0, 64);
    const entries = Object.entries((request.body ?? {}) as Record<string, unknown>)
      .filter(([key, value]) => key.startsWith('grade:') && typeof value === 'string' && value.trim() !== '')
      .map(([key, value]) => ({ studentId: key.slice(6), grade: String(value).trim().toUpperCase() }));
    const path = `/roster/${encodeURIComponent(id)}`;
    if (entries.length === 0) return void response.redirect(303, back(path, 'err', 'Enter at least one grade.'));
    const result = await grades<{ accepted: number; rejected: { studentId: string; reason: string }[] }>(
      'POST', `/api/sections/${encodeURIComponent(id)}/grades`, apiOptions(request, response, { grades: entries }),
    );
    if (result.status === 200) return void response.redirect(303, back(path, 'ok', `${result.body.accepted} grade(s) saved.`));
    const reasons = result.body.rejected?.map((r) => r.reason).join('; ');
    response.redirect(303, back(path, 'err', `${failed(result)}${reasons ? `: ${reasons}` : ''}${result.body.accepted ? ` (${result.body.accepted} saved)` : ''}`));
  });
}
