// Play speeds: a few events per second to follow packets one by one, or a rate of virtual time.

export interface Speed {
  id: string;
  label: string;
  /** Events per real second (packet by packet), or… */
  eventsPerSecond?: number;
  /** …virtual seconds per real second (Infinity: as fast as the Workers go). */
  rate?: number;
}

export const SPEEDS: readonly Speed[] = [
  { id: 'e4', label: '4 events/s', eventsPerSecond: 4 },
  { id: 'e30', label: '30 events/s', eventsPerSecond: 30 },
  { id: 'r0.01', label: '0.01× virtual time', rate: 0.01 },
  { id: 'r0.1', label: '0.1× virtual time', rate: 0.1 },
  { id: 'r1', label: '1× virtual time', rate: 1 },
  { id: 'max', label: 'as fast as possible', rate: Number.POSITIVE_INFINITY },
];

export const DEFAULT_SPEED = 'r0.1';

/** Most events one animation frame may run (keeps the main thread and the Workers answering). */
export const MAX_EVENTS_PER_FRAME = 300;

export function speedById(id: string): Speed {
  return SPEEDS.find((s) => s.id === id) ?? SPEEDS[3]!;
}
