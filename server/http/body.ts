import type { Context } from 'hono';
import type { z } from 'zod';
import { DomainError } from './domain-error.ts';

/** Request bodies above this size are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Reads the request body as a JSON object. An absent body is `{}` when `optional`; any other JSON
 * value, invalid JSON or a missing required body is 400; another Content-Type is 415.
 */
export async function readJsonObject(
  c: Context,
  { optional = false } = {},
): Promise<Record<string, unknown>> {
  const declaredLength = Number(c.req.header('content-length') ?? '0');
  if (declaredLength > BODY_LIMIT_BYTES) {
    throw new DomainError('payload_too_large', `request bodies are limited to ${BODY_LIMIT_BYTES} bytes`);
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > BODY_LIMIT_BYTES) {
    throw new DomainError('payload_too_large', `request bodies are limited to ${BODY_LIMIT_BYTES} bytes`);
  }
  if (text.trim() === '') {
    if (optional) return {};
    throw new DomainError('validation_failed', 'a JSON object body is required');
  }
  const contentType = c.req.header('content-type');
  if (!contentType || !isJsonMediaType(contentType)) {
    throw new DomainError('unsupported_media_type', 'send the body as application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('validation_failed', 'the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError('validation_failed', 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Checks `value` against `schema`; failures become 400 `validation_failed` naming each bad field. */
export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const detail = issues
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ');
  throw new DomainError('validation_failed', detail.slice(0, 500), { errors: issues.slice(0, 20) });
}

/** Reads and validates a JSON object body in one step. */
export async function parseBody<Schema extends z.ZodType>(
  c: Context,
  schema: Schema,
  options: { optional?: boolean } = {},
): Promise<z.infer<Schema>> {
  return validate(schema, await readJsonObject(c, options));
}
