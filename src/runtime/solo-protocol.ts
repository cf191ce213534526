import type { NodeView } from '../sim/host';
import type { Injection, NodeFailure } from '../sim/kernel';
import type { TraceEvent } from '../sim/trace-store';
import type { World } from '../sim/types';
import type { TablePages, ViewRequest } from '../sim/view-page';
import type { JournalEntry } from './base-runtime';
import type { CheckpointStats, RunLimit, RuntimeOptions, RuntimeStatus } from './runtime';
import type { KeyExports } from './sa-keys';

// Messages between the page and the solo Worker, which hosts the whole simulation (the scheduler,
// every node, the checkpoints: solo-worker-core.ts). The page sends one request at a time (its
// runtime queues them); each gets one reply with its id, 'done' or 'failed', after the trace events
// it made. 'stop-seek' has no id and no reply: it ends the seek under way, which then replies.
// While a request runs for long (a far seek) the Worker sends its trace events and its position
// every ~16 ms.

/** RuntimeOptions that can cross to a Worker (no functions). */
export type SoloOptions = Omit<RuntimeOptions, 'clock' | 'breathe' | 'workers' | 'viewCopies'>;

export type ToSolo =
  | { type: 'load'; id: number; world: World; journal: JournalEntry[]; options: SoloOptions }
  | { type: 'step'; id: number; n: number }
  /** RunLimit without `until` (a function): the page runs in chunks and matches records itself. */
  | { type: 'run'; id: number; limit: Omit<RunLimit, 'until'> }
  /** keptFrom: the first record the page's mirror holds (BaseRuntime.seek). */
  | { type: 'seek'; id: number; eventIndex: number; keptFrom: number }
  | { type: 'ready-step-back'; id: number }
  | { type: 'inject'; id: number; op: Injection }
  | { type: 'view'; id: number; node: string; pages: TablePages }
  | { type: 'views'; id: number; request: ViewRequest }
  | { type: 'keys'; id: number }
  | { type: 'stop-seek' };

/** What the page mirrors of the runtime in the Worker, after every request. */
export interface SoloState {
  status: RuntimeStatus;
  checkpoints: CheckpointStats;
  firstRecord: number;
  journal: JournalEntry[];
}

export type FromSolo =
  /** Trace events in the order the Worker's trace made them (records, truncations, skips). */
  | { type: 'trace'; events: TraceEvent[] }
  /** Where a long request has got. */
  | { type: 'progress'; eventIndex: number; time: number }
  /**
   * A request completed. views: for 'view' and 'views'; null stands for the same view as the last
   * one sent for that node ('views' only). keys: for 'keys'.
   */
  | { type: 'done'; id: number; state: SoloState; views?: (NodeView | null)[]; keys?: KeyExports }
  /**
   * A request failed: a handler threw (failures: the runtime goes on, state says where), or the
   * request was wrong (no world loaded, a bad seek); state is null when nothing is loaded.
   */
  | {
      type: 'failed';
      id: number;
      name: string;
      message: string;
      failures?: NodeFailure[];
      state: SoloState | null;
    };

/** The part of a Worker the solo runtime uses, so tests can swap in an in-memory stand-in. */
export interface SoloWorkerLike {
  postMessage(message: ToSolo): void;
  onmessage: ((e: { data: FromSolo }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  terminate(): void;
}
