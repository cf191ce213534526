import { create } from 'zustand';
import { defaultPreset } from '../scenario/presets';
import type { Scenario } from '../scenario/types';

// The one store (DESIGN.md §4): the only bridge between the UI and the runtime. The UI reads
// through selectors and changes state only through these actions.
export interface AppState {
  scenario: Scenario;
  selectedNodeId: string | null;
  loadScenario: (scenario: Scenario) => void;
  selectNode: (id: string | null) => void;
}

export const useAppStore = create<AppState>()((set) => ({
  scenario: defaultPreset,
  selectedNodeId: null,
  loadScenario: (scenario) => set({ scenario, selectedNodeId: null }),
  selectNode: (id) => set({ selectedNodeId: id }),
}));
