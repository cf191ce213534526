import { defineActorKind } from '../registry';
import { type PingerConfig, type PingerState, pinger } from './pinger';

// A pinger whose handler throws on its throwAt-th input: for testing how failures surface.

export interface FaultyConfig extends PingerConfig {
  throwAt: number;
}

export interface FaultyState {
  inner: PingerState;
  inputs: number;
  throwAt: number;
}

export const faulty = defineActorKind<FaultyState, FaultyConfig>({
  kind: 'faulty',
  init: (config, ctx) => ({ inner: pinger.init(config, ctx), inputs: 0, throwAt: config.throwAt }),
  handle(s, input, ctx) {
    s.inputs++;
    if (s.inputs === s.throwAt) throw new Error(`synthetic failure on input ${s.inputs}`);
    return pinger.handle(s.inner, input, ctx);
  },
  view: (s, opts) => ({ inputs: s.inputs, ...(pinger.view?.(s.inner, opts) as object) }),
  describeFrame: pinger.describeFrame!,
});
