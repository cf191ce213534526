import type { Scenario } from '../types';
import { destipAll8 } from './destip-all-8';
import { figure9 } from './figure9';
import { hotStandby } from './hotstandby';
import { twoStack } from './two-stack';

/** Every preset by id; the first is the default scenario. */
export const presets: readonly Scenario[] = [figure9, twoStack, hotStandby, destipAll8];
export const defaultPreset: Scenario = figure9;

export function presetById(id: string): Scenario | undefined {
  return presets.find((p) => p.id === id);
}
