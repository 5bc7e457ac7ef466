/** One simulated browser: a session cookie and timed requests against the portal. */
export class PortalClient {
  #cookie = '';

  constructor(
    readonly baseUrl: string,
    private readonly record: (endpoint: string, durationMs: number, outcome: 'ok' | 'refused' | 'error') => void,
  ) {}

  get signedIn(): boolean {
    return this.#cookie !== '';
  }

  /**
   * Sends one request (redirects are not followed: a 303 is the answer) and records it under
   * `endpoint`. 5xx, network errors and timeouts are errors; a redirect carrying `err=` is a
   * business refusal.
   */
  async request(endpoint: string, method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<{ status: number; body: string; location: string }> {
    const started = performance.now();
    try {
      const response = await fetch(new URL(path, this.baseUrl), {
        method,
        redirect: 'manual',
        headers: {
          ...(this.#cookie ? { cookie: this.#cookie } : {}),
          // The portal refuses form posts without a same-origin Origin (CSRF defence), as a browser would send it.
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(this.baseUrl).origin } : {}),
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const body = await response.text();
      const location = response.headers.get('location') ?? '';
      const setCookie = response.headers.get('set-cookie');
      if (setCookie?.startsWith('zeus_session=')) this.#cookie = setCookie.split(';')[0]!;
      const outcome = response.status >= 500 ? 'error' : response.status >= 400 || location.includes('err=') ? 'refused' : 'ok';
      this.record(endpoint, performance.now() - started, outcome);
      return { status: response.status, body, location };
    } catch {
      this.record(endpoint, performance.now() - started, 'error');
      return { status: 0, body: '', location: '' };
    }
  }

  /** Signs in through the login form; false when the portal refused. */
  async login(email: string, password: string): Promise<boolean> {
    this.#cookie = '';
    const { status } = await this.request('POST /login', 'POST', '/login', { email, password });
    return status === 303 && this.signedIn;
  }
}

/** Values of `data-<name>="..."` attributes in a page. */
export function dataAttributes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`data-${name}="([^"]+)"`, 'g'))].map((m) => m[1]!);
}
