// Close codes the proxy itself sends, kept apart from websocketPipe.ts so code that only needs a code
// (the in-process upgrade path) does not load `ws`.
export const GOING_AWAY = 1001;
/** Sent to the client when the upstream side dropped without a close frame. */
export const BAD_GATEWAY = 1014;
