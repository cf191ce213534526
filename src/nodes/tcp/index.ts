// The TCP engine (RFC 9293 subset, RFC 6298 timers): plain-data tables, functions that return
// segments, timers and events. See types.ts for the data and the result.

export { advertisedMss, DEFAULT_TCP_CONFIG, tcpConfig } from './config';
export { tcpInput } from './input';
export { initialSeq } from './iss';
export { rstReply, segLen } from './segment';
export { seqAdd, seqGeq, seqGt, seqLeq, seqLt, seqSub } from './seq';
export {
  connKey,
  createTcpTable,
  endpointString,
  ipv4String,
  listenerKey,
  tcpConn,
  tcpFreePort,
  tcpListen,
  tcpUnlisten,
} from './table';
export { tcpTimer } from './timeout';
export { parseTimerKey, timerKey } from './timers';
export type * from './types';
export { tcpAbort, tcpAdjustMss, tcpClose, tcpConnect, tcpRead, tcpSend, tcpSendSpace } from './user';
export type { TcpConnRow, TcpView } from './view';
export { tcpView } from './view';
