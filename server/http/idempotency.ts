import { hash } from 'node:crypto';
import type { Context } from 'hono';
import type { IdempotencyInput } from '../ledger/ledger-store.ts';
import { DomainError } from './domain-error.ts';

const KEY_FORMAT = /^[\x20-\x7e]{1,255}$/;

/** JSON with object keys sorted, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The request's Idempotency-Key (1–255 printable ASCII; missing or malformed → 400) and a hash of
 * method, path and parsed body: the same key with a different request is a conflict.
 */
export function idempotencyOf(c: Context, body: unknown): IdempotencyInput {
  const key = c.req.header('idempotency-key');
  if (key === undefined || !KEY_FORMAT.test(key)) {
    throw new DomainError(
      'validation_failed',
      'this request moves credits: send an Idempotency-Key header of 1–255 printable ASCII characters',
    );
  }
  const requestHash = hash('sha256', `${c.req.method} ${c.req.path}\n${canonicalJson(body)}`, 'hex');
  return { key, requestHash };
}
