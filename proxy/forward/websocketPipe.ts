// Joins two open WebSockets: messages flow both ways with backpressure, and a close on one side closes
// the other with the same code (or a fallback when a side vanished without a close frame).
import WebSocket, { type RawData } from 'ws';
import { GOING_AWAY, BAD_GATEWAY } from './websocketCloseCodes.ts';

/** A side that reads faster than the other writes is paused above this many buffered bytes. */
const BACKPRESSURE_HIGH_BYTES = 1024 * 1024;

/** Close codes that may not be sent in a close frame (RFC 6455 §7.4.1) are mapped to ones that may. */
const NO_STATUS_RECEIVED = 1005;
const ABNORMAL_CLOSURE = 1006;
export { GOING_AWAY, BAD_GATEWAY };

export function pipeMessages(from: WebSocket, to: WebSocket): void {
  from.on('message', (data: RawData, isBinary: boolean) => {
    if (to.readyState !== WebSocket.OPEN) return;
    to.send(data, { binary: isBinary }, () => {
      if (from.isPaused && to.bufferedAmount < BACKPRESSURE_HIGH_BYTES / 2) from.resume();
    });
    if (to.bufferedAmount > BACKPRESSURE_HIGH_BYTES) from.pause();
  });
  // An error is always followed by 'close', which closes the other side; logging is the caller's job.
  from.on('error', () => {});
}

/** The close code ws sent for a protocol error it found in `from`'s frames, so the other side learns it too. */
const CLOSE_CODE_OF_WS_ERROR: Record<string, number> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009, // message too big
  WS_ERR_INVALID_UTF8: 1007,
};
const PROTOCOL_ERROR = 1002;

/**
 * When `from` closes, `to` closes with the same code; when `from` broke the protocol (e.g. a message over
 * the limit), with the code ws answered it with; when it vanished without a close frame, with `fallback`.
 */
export function closeTogether(from: WebSocket, to: WebSocket, fallback: number): void {
  let protocolError: number | undefined;
  from.on('error', (error: Error & { code?: string }) => {
    if (error.code?.startsWith('WS_ERR_')) protocolError = CLOSE_CODE_OF_WS_ERROR[error.code] ?? PROTOCOL_ERROR;
  });
  from.once('close', (code: number, reason: Buffer) => {
    if (to.readyState === WebSocket.CLOSING || to.readyState === WebSocket.CLOSED) return;
    if (protocolError !== undefined) to.close(protocolError);
    else if (code === NO_STATUS_RECEIVED) to.close();
    else if (code === ABNORMAL_CLOSURE) to.close(fallback);
    else to.close(code, reason);
  });
}
