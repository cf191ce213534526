// The data the kernel works on (DESIGN.md §4): a World, the actor contract's inputs and outputs, and
// the trace. Everything here is plain data: it crosses to Web Workers and into checkpoints.

/** Virtual time in integer microseconds since the start of the run. */
export type Micros = number;

/** One end of a link: a node and the name of its port. */
export interface Endpoint {
  node: string;
  port: string;
}

/** Faults a link draws from the kernel's seeded PRNG for every frame sent on it. */
export interface LinkFaults {
  /** Probability (0..1) that a frame is lost. */
  loss?: number;
  /** Probability (0..1) that one bit of (a copy of) the frame is flipped. */
  corrupt?: number;
  /** Probability (0..1) that a frame is delayed by an extra 1..delayMaxUs µs. */
  delay?: number;
  delayMaxUs?: Micros;
}

/** A point-to-point link between two ports of two different nodes. */
export interface LinkSpec {
  id: string;
  a: Endpoint;
  b: Endpoint;
  /** One-way latency; must be ≥ 0. The smallest latency is the Worker runtime's lookahead. */
  latencyUs: Micros;
  faults?: LinkFaults;
  /** Defaults to true. */
  up?: boolean;
}

/** One node of the topology: an instance of a registered actor kind. */
export interface ActorSpec {
  id: string;
  /** Looked up in the ActorRegistry (functions cannot cross to a Worker, names can). */
  kind: string;
  /** Handed to the kind's init(); plain data. */
  config?: unknown;
  /**
   * How much work this node's events are, relative to the others (default: by kind). Only for
   * spreading nodes evenly over the Worker runtime's Workers; it never changes what runs.
   */
  weight?: number;
}

export interface World {
  /** 32-bit seed of every PRNG stream of the run. */
  seed: number;
  actors: ActorSpec[];
  links: LinkSpec[];
}

/** Control inputs. 'start' is delivered to every actor at time 0, in actor order. */
export type ControlAction = 'start' | 'kill' | 'restart' | 'stop';

/** What an actor's handle() is called with. A CF reply is a frame arriving from the CF actor. */
export type Input =
  | { type: 'frame'; port: string; link: string; frame: Uint8Array }
  | { type: 'timer'; key: string }
  | { type: 'control'; action: ControlAction };

/** What an actor's handle() returns. A CF request is a 'send' on the port linked to the CF actor. */
export type Output =
  | { type: 'send'; port: string; frame: Uint8Array }
  /** Sets (or re-sets, replacing) the timer named key to fire delayUs from now. */
  | { type: 'set-timer'; key: string; delayUs: Micros }
  | { type: 'cancel-timer'; key: string }
  /** A line in the event log, optionally with the bytes it is about. */
  | { type: 'trace'; summary: string; frame?: Uint8Array }
  /** Something discarded, and why: a 'drop' record "drop (reason): detail" (the filter's drops). */
  | { type: 'drop'; reason: string; detail: string };

/** Draws from the actor's own PRNG stream, derived from (world seed, actor id). */
export interface ActorRandom {
  /** Uniform integer in [0, maxExclusive); maxExclusive ≤ 2^32. */
  int(maxExclusive: number): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** n uniform random bytes. */
  bytes(n: number): Uint8Array;
}

export interface ActorContext {
  /** The virtual time of the event being handled. */
  readonly now: Micros;
  /** This actor's node id. */
  readonly node: string;
  /** The names of this node's connected ports, sorted. */
  readonly ports: readonly string[];
  readonly random: ActorRandom;
}

export type TraceKind =
  | 'frame'
  | 'timer'
  | 'control'
  | 'note'
  | 'send'
  | 'drop'
  | 'error'
  | 'lost'
  | 'corrupt'
  | 'delay'
  | 'link';

/** One line of the trace. The fingerprint chains a canonical encoding of each (see fingerprint.ts). */
export interface TraceRecord {
  /** Position in the whole trace, from 0. */
  index: number;
  /** The number of events completed before the event this record belongs to (its event index). */
  event: number;
  time: Micros;
  /** The node it happened at (for 'link' records: the link id). */
  node: string;
  kind: TraceKind;
  summary: string;
  frame?: Uint8Array;
  link?: string;
  port?: string;
}
