import type { ActorRandom, Output } from '../../sim/types';
import { countDrop, type StackState } from './state';

// What one event handler works with: the state, the time, the outputs it collects, the PRNG.
export interface Ev {
  s: StackState;
  now: number;
  random: ActorRandom;
  out: Output[];
}

export function trace(ev: Ev, summary: string, frame?: Uint8Array): void {
  ev.out.push(frame ? { type: 'trace', summary, frame } : { type: 'trace', summary });
}

/** A discard: counted in the stack's drops by reason, and a 'drop' record in the event log. */
export function dropped(ev: Ev, reason: string, detail: string): void {
  countDrop(ev.s, reason);
  ev.out.push({ type: 'drop', reason, detail });
}
