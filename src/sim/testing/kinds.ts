import type { ActorKind } from '../registry';
import { cryptoRelay } from './crypto-relay';
import { faulty } from './faulty';
import { pinger } from './pinger';

/** The synthetic actor kinds, for registering in a registry. */
export const syntheticKinds: ActorKind[] = [pinger, cryptoRelay, faulty] as unknown as ActorKind[];
