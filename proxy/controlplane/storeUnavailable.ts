// The control-plane store cannot be reached: admin writes answer 503 STORE_UNAVAILABLE with this message,
// while routing goes on with the last applied table (fail static).
export class StoreUnavailableError extends Error {
  constructor(what: string, cause: unknown) {
    super(
      `the control-plane store is unavailable (${what}: ${(cause as Error).message ?? String(cause)}) — routing goes on with the last applied table; retry once the database is back`,
    );
    this.name = 'StoreUnavailableError';
  }
}
