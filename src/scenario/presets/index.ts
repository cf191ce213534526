import type { Scenario } from '../types';
import { figure9 } from './figure9';

/** Every preset by id; the first is the default scenario. */
export const presets: readonly Scenario[] = [figure9];
export const defaultPreset: Scenario = figure9;

export function presetById(id: string): Scenario | undefined {
  return presets.find((p) => p.id === id);
}
