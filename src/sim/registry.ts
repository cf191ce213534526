import type { ActorContext, Input, Output } from './types';
import type { ViewOptions } from './view-page';

// An actor kind is the code behind a `kind` name. Worlds name kinds (plain data) and every place that
// runs actors, the main thread or a Worker, looks the code up here. Real actors (src/nodes/*) are
// registered in src/runtime/actor-kinds.ts with one line each.

export type HandleResult = Output[] | undefined;

/** Context for init(): the same as for handle() (now is the boot time; 0 at the start). */
export type InitContext = ActorContext;

export interface ActorKind<S = unknown, C = unknown> {
  readonly kind: string;
  /**
   * The initial state from the actor's config; also called on every 'restart' control (a crash
   * loses memory). State must be plain, structuredClone-able data: objects, arrays, numbers,
   * strings, booleans, Uint8Array, Map, Set. No class instances or functions.
   */
  init(config: C, ctx: InitContext): S;
  /**
   * Handles one input. May mutate state in place (the kernel owns it and clones it for
   * checkpoints) and returns the outputs in the order they happen. May be async: the scheduler
   * awaits it without changing the order of events. Time only from ctx.now, randomness only from
   * ctx.random.
   */
  handle(state: S, input: Input, ctx: ActorContext): HandleResult | Promise<HandleResult>;
  /**
   * What the UI shows of the state; defaults to the whole state. Must return plain data. Tables
   * that grow with the connections go a page at a time (src/sim/view-page.ts).
   */
  view?(state: S, opts: ViewOptions): unknown;
  /** A one-line summary of a frame arriving at this kind, for the trace (default: its length). */
  describeFrame?(frame: Uint8Array, port: string): string;
}

export class ActorRegistry {
  private readonly kinds = new Map<string, ActorKind>();

  /** Registers a kind; registering the same object twice is harmless, a different one is an error. */
  register<S, C>(kind: ActorKind<S, C>): this {
    const known = this.kinds.get(kind.kind);
    if (known && known !== (kind as unknown as ActorKind)) {
      throw new Error(`actor kind '${kind.kind}' is already registered`);
    }
    this.kinds.set(kind.kind, kind as unknown as ActorKind);
    return this;
  }

  get(kind: string): ActorKind {
    const k = this.kinds.get(kind);
    if (!k) throw new Error(`unknown actor kind '${kind}' (registered: ${this.names().join(', ')})`);
    return k;
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }

  names(): string[] {
    return [...this.kinds.keys()].sort();
  }
}

/** Helper with type inference for defining a kind. */
export function defineActorKind<S, C>(kind: ActorKind<S, C>): ActorKind<S, C> {
  return kind;
}
