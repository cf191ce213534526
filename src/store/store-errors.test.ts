import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import type { RunLimit } from '../runtime/runtime';
import { figure9 } from '../scenario/presets/figure9';
import { setRuntimeFactory } from './session';
import { useAppStore } from './store';

// A failing step becomes the store's error (the UI's banner), and the run stays usable.

class FailingOnce extends InProcessRuntime {
  failed = false;
  override run(limit: RunLimit) {
    if (!this.failed && limit.maxEvents === 1) {
      this.failed = true;
      return Promise.reject(
        Object.assign(new Error('node MVS2 (stack) threw while handling event #70'), {
          name: 'NodeFailureError',
        }),
      );
    }
    return super.run(limit);
  }
}

describe('runtime errors', () => {
  it('show as an error, not a crash, and the next step works', async () => {
    setRuntimeFactory(() => new FailingOnce());
    await useAppStore.getState().loadScenario(figure9);
    const before = useAppStore.getState().status.eventIndex;
    await useAppStore.getState().step();
    expect(useAppStore.getState().error).toMatch(/^NodeFailureError: node MVS2/);
    useAppStore.getState().dismissError();
    await useAppStore.getState().step();
    expect(useAppStore.getState().error).toBeNull();
    expect(useAppStore.getState().status.eventIndex).toBe(before + 1);
  });
});
