import type { ActorRandom, Output } from '../../sim/types';
import type { StackState } from './state';

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
