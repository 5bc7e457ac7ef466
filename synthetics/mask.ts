/** Replaces every occurrence of the configured secrets in text. */
export interface Masker {
  mask(text: string): string;
  /** True when there is anything to mask. */
  readonly active: boolean;
}

/** What a secret is replaced with. */
export const MASK = '********';

/**
 * The spellings a secret takes on the way out: raw, JSON-escaped (trace files), form-encoded
 * (`+` for spaces) and percent-encoded (request bodies and URLs).
 */
function variants(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    JSON.stringify(secret).slice(1, -1),
    new URLSearchParams({ s: secret }).toString().slice(2),
    encodeURIComponent(secret),
  ]);
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * A masker for the given secrets (passwords). Secrets shorter than 4 characters are ignored:
 * masking them would shred unrelated text, and no real credential is that short.
 */
export function createMasker(secrets: readonly string[]): Masker {
  const forms = [...new Set(secrets.filter((secret) => secret.length >= 4).flatMap(variants))].sort(
    (a, b) => b.length - a.length,
  );
  return {
    active: forms.length > 0,
    mask(text) {
      let out = text;
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(MASK);
      return out;
    },
  };
}
