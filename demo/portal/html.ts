import type { Session } from '../auth/session.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tagged template that escapes every interpolated value unless it is {@link Raw} HTML. */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

/** Builds HTML: interpolations are escaped; arrays are joined; `Raw` values are kept. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const items = Array.isArray(value) ? value : [value];
    out += items.map((item) => (item instanceof Raw ? item.html : item === false || item == null ? '' : escapeHtml(item))).join('');
    out += strings[i + 1]!;
  });
  return new Raw(out);
}

/** `HH:MM` of minutes after midnight. */
export function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7fb}
header{background:#24305e;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
header a{color:#fff}header form{margin-left:auto}main{padding:1rem 1.2rem;max-width:68rem}
table{border-collapse:collapse;background:#fff;width:100%}th,td{border:1px solid #d7dbe6;padding:.3rem .5rem;text-align:left}
.notice{padding:.5rem .8rem;border-radius:4px;margin:.6rem 0}.ok{background:#dff3e4}.error{background:#fbe1e1}
input,button,select{font:inherit}fieldset{background:#fff;border:1px solid #d7dbe6;margin-bottom:1rem}`;

/** The page frame: navigation for the signed-in role, the notice from `?ok=`/`?err=`, the content. */
export function page(title: string, body: Raw, options: { session?: Session; ok?: string; err?: string } = {}): string {
  const { session } = options;
  const links: [string, string][] =
    session?.role === 'student' ? [['/search', 'Course search'], ['/schedule', 'My schedule'], ['/grades', 'My grades']]
    : session?.role === 'faculty' ? [['/teaching', 'My sections']]
    : session?.role === 'registrar' ? [['/admin', 'Registrar admin']]
    : session?.role === 'auditor' ? [['/admin', 'Registrar report']]
    : [];
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><title>${title} · Zeus Academia</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${new Raw(STYLE)}</style></head>
<body><header><strong>Zeus Academia</strong>${links.map(([href, text]) => html`<a href="${href}">${text}</a>`)}
${session ? html`<span data-testid="whoami">${session.name} (${session.role})</span><form method="post" action="/logout"><button>Sign out</button></form>` : ''}
</header><main><h1>${title}</h1>
${options.ok ? html`<p class="notice ok" role="status">${options.ok}</p>` : ''}
${options.err ? html`<p class="notice error" role="alert">${options.err}</p>` : ''}
${body}</main></body></html>`}`;
}
