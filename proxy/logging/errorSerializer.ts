// The `err` serializer of the process logger: pino's own (type, message and stack with their causes, and the
// error's other fields), except that a field holding an object is named, not copied. Errors carry their
// owners: a pg error relayed by a pool's 'error' event had the whole client on it (socket, parser, pending
// queries), and the fatal line that reported it ran to hundreds of kilobytes. Codes, errno, syscall and
// other plain fields stay as they are; an error held in a field, or in an AggregateError, is bounded alike.
import pino from 'pino';

type Fields = Record<string, unknown>;

const TEXT = new Set(['type', 'message', 'stack']);

/** pino's serialized form of an error: what `stdSerializers.err` returns for an error-like value. */
const isSerializedError = (value: object): value is Fields => 'type' in value && 'message' in value && 'stack' in value;

function bound(fields: Fields): Fields {
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (TEXT.has(key) || typeof value !== 'object' || value === null) continue;
    if (key === 'aggregateErrors' && Array.isArray(value)) fields[key] = value.map((inner: Fields) => bound(inner));
    else if (isSerializedError(value)) bound(value);
    else fields[key] = `[${(value as object).constructor?.name ?? 'Object'}]`;
  }
  return fields;
}

export function boundedErr(error: unknown): unknown {
  const serialized: unknown = pino.stdSerializers.err(error as Error);
  if (serialized === error || typeof serialized !== 'object' || serialized === null) return serialized;
  return bound(serialized as Fields);
}
