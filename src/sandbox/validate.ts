// Request-body checks that answer 400 with a message naming the offending field.
import { ReplyError, validation } from './reply';

export type JsonObject = Record<string, unknown>;

/** Ends the request with a 400 naming the problem. */
export function invalid(message: string): never {
  throw new ReplyError(validation(message));
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object; an absent body counts as `{}` when `optional`. */
export function bodyObject(body: unknown, optional = false): JsonObject {
  if (body === undefined && optional) return {};
  if (body === undefined) invalid('Request body is required');
  if (!isJsonObject(body)) invalid('Request body must be a JSON object');
  return body;
}

export function requiredString(body: JsonObject, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === '') invalid(`Missing required field: ${field}`);
  if (typeof value !== 'string') invalid(`Invalid field ${field}: expected a string`);
  return value;
}

export function optionalString(body: JsonObject, field: string): string | undefined {
  return body[field] === undefined ? undefined : requiredString(body, field);
}

export function positiveNumber(body: JsonObject, field: string): number {
  const value = body[field];
  if (value === undefined || value === null) invalid(`Missing required field: ${field}`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) invalid(`Invalid field ${field}: expected a positive number`);
  return value;
}

export function requiredBoolean(body: JsonObject, field: string): boolean {
  const value = body[field];
  if (value === undefined || value === null) invalid(`Missing required field: ${field}`);
  if (typeof value !== 'boolean') invalid(`Invalid field ${field}: expected true or false`);
  return value;
}

export function oneOf<T extends string>(body: JsonObject, field: string, allowed: readonly T[]): T {
  const value = requiredString(body, field);
  if (!(allowed as readonly string[]).includes(value)) invalid(`Invalid field ${field}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

/** A settings patch: a non-empty object of scalar values. */
export function settingsPatch(body: unknown): Record<string, string | number | boolean> {
  const patch = bodyObject(body);
  const entries = Object.entries(patch);
  if (entries.length === 0) invalid('Request body must set at least one setting');
  for (const [key, value] of entries) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) invalid(`Invalid setting ${key}: expected a string, number or boolean`);
  }
  return patch as Record<string, string | number | boolean>;
}
