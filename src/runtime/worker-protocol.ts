import type { Entry } from '../sim/events';
import type { NodeView, PortMap } from '../sim/host';
import type { ActorSpec } from '../sim/types';
import type { WindowEvent } from '../sim/window';

// Messages between the scheduler (main thread) and a node's Worker. Frames going to the main thread
// are transferred; the scheduler keeps its own copy of delivered frames for the trace, so frames
// coming back in 'frame' records are stripped (stripped: true) and re-attached on arrival.

export type ToWorker =
  | { type: 'init'; spec: ActorSpec; ports: PortMap; seed: number }
  | { type: 'window'; id: number; events: WindowEvent[]; localCut: number }
  | { type: 'checkpoint'; index: number }
  | { type: 'restore'; index: number }
  | { type: 'forget'; indexes: number[] }
  | { type: 'view'; id: number };

export interface WireEntry extends Entry {
  /** The first record's frame (the input frame) was left out; the scheduler has it. */
  stripped?: true;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'window-done'; id: number; entries: WireEntry[] }
  | { type: 'view'; id: number; view: NodeView }
  /** Something outside any handler failed (bad message, unknown kind, missing checkpoint). */
  | { type: 'fatal'; id?: number; message: string };

/** The part of a Worker the runtime uses, so tests can swap in an in-memory stand-in. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((e: { data: FromWorker }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  terminate(): void;
}
