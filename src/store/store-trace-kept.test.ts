import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import { figure9 } from '../scenario/presets/figure9';
import { setRuntimeFactory } from './session';
import { useAppStore } from './store';

// A trace bounded in memory: the store says where the records in memory begin, and seeking back
// brings the older ones back.

const st = () => useAppStore.getState();

describe('trace records in memory', () => {
  it('the trace info names the oldest record in memory; seeking back to it brings it back', async () => {
    setRuntimeFactory(() => new InProcessRuntime(undefined, { traceBytes: 64 * 1024 }));
    await st().loadScenario(figure9);
    await st().seek(1_500);
    const first = st().trace.firstKept;
    expect(first).toBeGreaterThan(0);
    expect(st().rows(0, 1)).toEqual([]);
    // Back before it: the replay regenerates those records, and the list starts earlier.
    await st().seek(200);
    expect(st().trace.firstKept).toBeLessThan(first);
    expect(st().rows(st().trace.firstKept, st().trace.firstKept + 1)).toHaveLength(1);
    // A runtime that keeps everything: nothing is missing.
    setRuntimeFactory(() => new InProcessRuntime());
    await st().loadScenario(figure9);
    await st().seek(1_500);
    expect(st().trace.firstKept).toBe(0);
  });
});
