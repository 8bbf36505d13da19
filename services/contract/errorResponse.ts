// One mapping from domain errors to HTTP answers, used by both backends so their errors cannot drift apart.
import {
  ConflictError,
  MarketDataError,
  NotFoundError,
  RejectedError,
  RequestValidationError,
  SandboxUnsupportedError,
  StoreUnavailableError,
} from '../domain/errors.ts';
import { BODY_TOO_LARGE, MALFORMED_JSON, type ErrorResponse } from './errorBodies.ts';

/** The answer for a known error, or undefined for an unexpected one (a bug or an outage → 500 by the caller). */
export function toErrorResponse(error: unknown): ErrorResponse | undefined {
  if (error instanceof RequestValidationError) {
    return {
      status: 422,
      body: { error: 'validation_error', message: 'Request validation failed', details: error.details },
    };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { error: 'not_found', message: error.message } };
  if (error instanceof RejectedError) return { status: 400, body: { error: error.code, message: error.message } };
  if (error instanceof ConflictError) return { status: 409, body: { error: 'conflict', message: error.message } };
  if (error instanceof SandboxUnsupportedError)
    return { status: 409, body: { error: 'sandbox_unsupported', message: error.message } };
  if (error instanceof MarketDataError)
    return { status: 502, body: { error: 'market_data_unavailable', message: error.message } };
  if (error instanceof StoreUnavailableError)
    return { status: 503, body: { error: 'store_unavailable', message: error.message } };
  if (bodyErrorType(error) === 'entity.parse.failed') return MALFORMED_JSON;
  if (bodyErrorType(error) === 'entity.too.large') return BODY_TOO_LARGE;
  return undefined;
}

/** body-parser tags its errors with `type`; the legacy body reader uses the same tags. */
function bodyErrorType(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
}
