import { generateSysplex } from '../scenario/generate';
import type { Scenario } from '../scenario/types';
import { type ActorKind, ActorRegistry, defineActorKind } from '../sim/registry';
import { syntheticKinds } from '../sim/testing/kinds';
import { type PingerState, pinger } from '../sim/testing/pinger';
import { actorKinds } from './actor-kinds';
import { InMemorySoloWorker } from './in-memory-solo-worker';
import { InMemoryWorker } from './in-memory-worker';
import { InProcessRuntime } from './in-process';
import type { RuntimeOptions } from './runtime';
import { SoloWorkerRuntime } from './solo-worker-runtime';
import { WorkerRuntime } from './worker-runtime';

// Registries and runtimes for the tests: the synthetic kinds plus async variants of the pinger.

/** The pinger, awaiting a resolved promise before every answer. */
export const asyncPinger = defineActorKind<PingerState, Parameters<typeof pinger.init>[0]>({
  ...pinger,
  kind: 'async-pinger',
  async handle(s, input, ctx) {
    await Promise.resolve();
    return pinger.handle(s, input, ctx);
  },
});

/** The pinger, awaiting a real WebCrypto SHA-256 (Node's globalThis.crypto.subtle) first. */
export const webCryptoPinger = defineActorKind<PingerState, Parameters<typeof pinger.init>[0]>({
  ...pinger,
  kind: 'webcrypto-pinger',
  async handle(s, input, ctx) {
    if (input.type === 'frame')
      await globalThis.crypto.subtle.digest('SHA-256', input.frame as Uint8Array<ArrayBuffer>);
    else await new Promise((r) => setTimeout(r, 0));
    return pinger.handle(s, input, ctx);
  },
});

export function testRegistry(): ActorRegistry {
  const r = new ActorRegistry();
  for (const k of syntheticKinds) r.register(k);
  r.register(asyncPinger);
  r.register(webCryptoPinger);
  return r;
}

export function inProcess(options?: RuntimeOptions): InProcessRuntime {
  return new InProcessRuntime(testRegistry(), options);
}

export function inMemoryWorkers(options?: RuntimeOptions): WorkerRuntime {
  const registry = testRegistry();
  return new WorkerRuntime(() => new InMemoryWorker(registry), options);
}

/** The solo runtime on an in-memory Worker; `made` gets every Worker it makes (to crash one). */
export function inMemorySolo(
  options?: RuntimeOptions,
  made?: (w: InMemorySoloWorker) => void,
): SoloWorkerRuntime {
  const registry = testRegistry();
  return new SoloWorkerRuntime(() => {
    const w = new InMemorySoloWorker(registry);
    made?.(w);
    return w;
  }, options);
}

/**
 * The app's actor kinds, each wrapped so that `seen(node, state)` gets the live state handle()
 * receives (the hosts keep states private): for tests and benchmarks that look at real states.
 */
export function stateSpyingRegistry(seen: (node: string, state: unknown) => void): ActorRegistry {
  const registry = new ActorRegistry();
  for (const name of actorKinds.names()) {
    const k = actorKinds.get(name) as ActorKind;
    registry.register({
      ...k,
      handle(s, input, ctx) {
        seen(ctx.node, s);
        return k.handle(s, input, ctx);
      },
    });
  }
  return registry;
}

/**
 * Tables longer than a view page (view-page.ts): 3 stacks, one DVIPA, 2 clients × 90 connections,
 * 180 in all, all routed by MVS1, opened 1 ms apart from 200 ms on, one request a second each.
 */
export function pagedSysplex(): Scenario {
  const s = generateSysplex({
    stacks: 3,
    dvipas: 1,
    backupsPerDvipa: 1,
    clients: 2,
    connections: 90,
    ipsec: false,
    backupTargets: 'same-servers',
    seed: 7,
  });
  return { ...s, workload: { ...s.workload, staggerUs: 1_000, intervalUs: 1_000_000 } };
}
