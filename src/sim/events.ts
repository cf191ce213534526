import type { DigestInput } from './fingerprint';
import type { ControlAction, Micros } from './types';

// What travels between the scheduler (queue, links, trace) and the hosts that run actors: queued
// events in, entries (the records and outputs of one handled event) out. Plain data, so the same
// shapes cross to Workers.

export type QueuedInput =
  | { type: 'frame'; port: string; link: string; frame: Uint8Array }
  | { type: 'timer'; key: string; token: number }
  | { type: 'control'; action: ControlAction };

export interface QueuedEvent {
  time: Micros;
  /** Unique, assigned in canonical order when the event is scheduled; breaks ties in time. */
  seq: number;
  node: string;
  input: QueuedInput;
}

export function eventBefore(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** A trace record made by a host, with its digest (computed where the record is made). */
export interface HostRecord extends DigestInput {
  digest: Uint8Array;
}

export type HostOutput =
  | { type: 'send'; link: string; port: string; frame: Uint8Array }
  /** local: set when a Worker already ran this timer inside its window (see window.ts). */
  | { type: 'timer'; at: Micros; key: string; token: number; local?: number };

/** The result of handling one event at one node. */
export interface Entry {
  time: Micros;
  /** The seq of the queued event handled, or -1 when it was a timer run locally in a window. */
  seq: number;
  /** The window-local id of that timer, or -1. */
  local: number;
  records: HostRecord[];
  outputs: HostOutput[];
  /** Set when the handler threw: the node is now failed. */
  failure?: string;
}
