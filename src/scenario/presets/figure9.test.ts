import { describe, expect, it } from 'vitest';
import { DVA1, DVB1, figure9 } from './figure9';

describe('Figure 9 preset', () => {
  it('has the five stacks of the source with distinct XCF addresses', () => {
    expect(figure9.stacks.map((s) => s.name)).toEqual(['MVS1', 'MVS2', 'MVS3', 'MVS4', 'MVS5']);
    expect(new Set(figure9.stacks.map((s) => s.xcfAddr)).size).toBe(5);
  });

  it('places APP A on MVS1, MVS2, MVS4 and APP B on MVS2, MVS3, MVS5', () => {
    const on = (app: string) =>
      figure9.stacks.filter((s) => s.apps.some((a) => a.name === app)).map((s) => s.name);
    expect(on('APP A')).toEqual(['MVS1', 'MVS2', 'MVS4']);
    expect(on('APP B')).toEqual(['MVS2', 'MVS3', 'MVS5']);
    const bound = figure9.stacks.flatMap((s) => s.apps.map((a) => `${a.name}@${a.bindAddr}`));
    expect(new Set(bound)).toEqual(new Set([`APP A@${DVA1}`, `APP B@${DVB1}`]));
  });

  it('lets only MVS1 and MVS5 reach the network and run IKE', () => {
    expect(figure9.stacks.filter((s) => s.externalAddr && s.runsIke).map((s) => s.name)).toEqual([
      'MVS1',
      'MVS5',
    ]);
  });

  it('round-trips through JSON unchanged (it is data, shareable in a URL)', () => {
    expect(JSON.parse(JSON.stringify(figure9))).toEqual(figure9);
  });
});
