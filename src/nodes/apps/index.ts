// The applications: a request/response server and a verifying client, as plain-data state machines
// over a TCP table, and the host functions that route TCP events and timers to them.

export type {
  ClientConfig,
  ClientConn,
  ClientConnStatus,
  ClientCounters,
  ClientMetrics,
  ClientState,
} from './client';
export {
  clientInit,
  clientMetrics,
  clientOnEvent,
  clientOwns,
  clientOwnsTimer,
  clientStart,
  clientTimer,
} from './client';
export type { FrameReader, Response } from './framing';
export {
  decodeResponse,
  encodeRequest,
  encodeResponse,
  MAX_FRAME,
  newFrameReader,
  readFrames,
  requestPayload,
  transform,
} from './framing';
export type { AppSet } from './host';
export { appsInput, appsOnEvent, appsRun, appsStart, appsTimer } from './host';
export type { AppOutput } from './output';
export { APP_TIMER, isAppTimer } from './output';
export type { ServerConfig, ServerConn, ServerMetrics, ServerState } from './server';
export { serverInit, serverOnEvent, serverOwns, serverStart, serverStop } from './server';
