/**
 * Whether a host name or address is this machine: `localhost` (and `*.localhost`), 127.0.0.0/8,
 * `::1`, or the unspecified `0.0.0.0`/`::` (never a valid link target). Brackets are ignored.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || h === '0.0.0.0' || h === '::';
}

/**
 * Loopback addresses written anywhere in a text (URLs, `host:port`, bare addresses), each once:
 * `localhost`, 127.0.0.0/8, `::1`. (`0.0.0.0` is left alone: it is a listen address, and
 * `0.0.0.0/0` a network block, in deployed manifests.)
 */
export function loopbackMentions(text: string): string[] {
  const found = text.match(/\blocalhost\b|(?<![\d.])127(?:\.\d{1,3}){3}(?![\d.])|\[::1\]|(?<![\w:])::1(?![\w:])/gi) ?? [];
  return [...new Set(found)];
}
