import { readFileSync } from 'node:fs';
import type { AccountKind, Credential } from './types.js';

/** Every account kind a journey may log in as. */
export const ACCOUNT_KINDS: readonly AccountKind[] = ['student', 'faculty', 'auditor'];

/** Where a warning goes when a setting is bad and a fallback is used. */
export type Warn = (message: string) => void;

/**
 * Reads the synthetic logins from the environment: for each kind (`STUDENT`, `FACULTY`,
 * `AUDITOR`), `ZEUS_SYNTHETIC_<KIND>_EMAIL` and either `ZEUS_SYNTHETIC_<KIND>_PASSWORD` or
 * `ZEUS_SYNTHETIC_<KIND>_PASSWORD_FILE` (a file holding the password, e.g. a mounted secret).
 * A kind missing from the environment falls back to `defaults` (the demo's synthetic accounts);
 * an unreadable password file warns and falls back too. Never throws.
 */
export function loadCredentials(
  env: NodeJS.ProcessEnv,
  defaults: Partial<Record<AccountKind, Credential>> = {},
  warn: Warn = () => {},
): Partial<Record<AccountKind, Credential>> {
  const out: Partial<Record<AccountKind, Credential>> = {};
  if (env.ZEUS_SYNTHETIC_REGISTRAR_EMAIL || env.ZEUS_SYNTHETIC_REGISTRAR_PASSWORD || env.ZEUS_SYNTHETIC_REGISTRAR_PASSWORD_FILE)
    warn('synthetics: ZEUS_SYNTHETIC_REGISTRAR_* is no longer read: the registrar-report journey signs in as a read-only auditor (ZEUS_SYNTHETIC_AUDITOR_*), never as a registrar');
  for (const kind of ACCOUNT_KINDS) {
    const prefix = `ZEUS_SYNTHETIC_${kind.toUpperCase()}`;
    const email = env[`${prefix}_EMAIL`]?.trim();
    let password = env[`${prefix}_PASSWORD`];
    const file = env[`${prefix}_PASSWORD_FILE`]?.trim();
    if (password === undefined && file) {
      try {
        password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        warn(`synthetics: cannot read ${prefix}_PASSWORD_FILE (${(error as NodeJS.ErrnoException).code ?? 'error'}); using the default ${kind} account`);
      }
    }
    if (email && password) out[kind] = { email, password };
    else {
      if (email || password) warn(`synthetics: ${prefix}_EMAIL and a password are both needed; using the default ${kind} account`);
      const fallback = defaults[kind];
      if (fallback) out[kind] = fallback;
    }
  }
  return out;
}

/** Every password in a credential set, for the masker. */
export function secretsOf(credentials: Partial<Record<AccountKind, Credential>>): string[] {
  return Object.values(credentials).map((credential) => credential.password);
}
