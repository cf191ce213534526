import type { Entry } from '../sim/events';
import type { NodeView, PortMap } from '../sim/host';
import type { ActorSpec } from '../sim/types';
import type { ViewOptions } from '../sim/view-page';
import type { WindowEvent } from '../sim/window';

// Messages between the scheduler (main thread) and one Worker of the pool, which hosts several
// nodes. One request per Worker per window carries the batches of all its nodes that have events in
// it; one reply carries each node's entries. Frames going to the main thread are transferred; the
// scheduler keeps its own copy of delivered frames for the trace, so frames coming back in 'frame'
// records are stripped (stripped: true) and re-attached on arrival.
//
// Requests with an id get exactly one reply with that id (or a 'fatal' with it). 'restore' and
// 'forget' have no reply: a Worker handles messages in order, so the next request sees their effect.

export interface NodeInit {
  spec: ActorSpec;
  ports: PortMap;
}

/** One node's share of a window. */
export interface NodeBatch {
  node: string;
  events: WindowEvent[];
}

/** One node's entries for a window, in the order it ran them. */
export interface NodeEntries {
  node: string;
  entries: WireEntry[];
}

export type ToWorker =
  | { type: 'init'; id: number; nodes: NodeInit[]; seed: number }
  | { type: 'window'; id: number; batches: NodeBatch[]; localCut: number }
  /** Snapshots every node of the Worker under index; the reply says how many bytes they hold. */
  | { type: 'checkpoint'; id: number; index: number }
  | { type: 'restore'; index: number }
  | { type: 'forget'; indexes: number[] }
  /** Views of these nodes, each with its options (`options[i]` for `nodes[i]`: rows and pages). */
  | { type: 'view'; id: number; nodes: string[]; options: ViewOptions[] };

export interface WireEntry extends Entry {
  /** The first record's frame (the input frame) was left out; the scheduler has it. */
  stripped?: true;
}

export type FromWorker =
  | { type: 'ready'; id: number }
  | { type: 'window-done'; id: number; results: NodeEntries[] }
  | { type: 'checkpoint-done'; id: number; bytes: number; total: number }
  /**
   * The views of the nodes asked for, in the order asked; null: the same view as the last one sent
   * for that node (nothing ran or was restored there since, and the options are the same).
   */
  | { type: 'views'; id: number; views: (NodeView | null)[] }
  /** Something outside any handler failed (bad message, unknown kind, missing checkpoint). */
  | { type: 'fatal'; id?: number; message: string };

/** The part of a Worker the runtime uses, so tests can swap in an in-memory stand-in. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((e: { data: FromWorker }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  terminate(): void;
}
