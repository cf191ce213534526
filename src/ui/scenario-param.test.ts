import { describe, expect, it } from 'vitest';
import { defaultPreset } from '../scenario/presets';
import { scenarioDocument } from '../scenario/schema';
import { encodeShareHash } from '../scenario/share';
import { GALLERY } from './scenario/gallery';
import { startupFromLocation } from './scenario-param';

describe('what the page opens on', () => {
  it('a shared link wins and comes back whole, view included', () => {
    const doc = scenarioDocument(defaultPreset, {
      eventIndex: 1234,
      selectedNode: 'MVS5',
      selectedRecord: 99,
    });
    const start = startupFromLocation('?preset=two-stack', encodeShareHash(doc));
    expect(start.kind).toBe('document');
    if (start.kind === 'document') expect(start.doc.view).toEqual(doc.view);
  });

  it('a broken or cut link is a bad link with issues, never a throw', () => {
    const good = encodeShareHash(scenarioDocument(defaultPreset));
    for (const hash of ['#s1=garbage', good.slice(0, good.length - 9), '#s2=abc', '#s1=']) {
      const start = startupFromLocation('', hash);
      expect(start.kind).toBe('bad-link');
      if (start.kind === 'bad-link') expect(start.issues.length).toBeGreaterThan(0);
    }
  });

  it('a link field that is empty, mis-cased or unknown is a bad link naming the field', () => {
    for (const [hash, field] of [
      ['#s1=', '#s1'],
      ['#S1=', '#S1'],
      ['#foo=bar', '#foo'],
    ]) {
      const start = startupFromLocation('?preset=two-stack', hash!);
      expect(start.kind, hash).toBe('bad-link');
      if (start.kind === 'bad-link') expect(start.issues.map((i) => i.path)).toEqual([field]);
    }
  });

  it('a preset query and an anchor that is not ours', () => {
    const s = startupFromLocation('?preset=figure9-no-recovery', '#top');
    expect(s.kind === 'document' && s.doc.scenario.mode).toBe('no-recovery');
    const d = startupFromLocation('', '');
    expect(d.kind === 'document' && d.doc.scenario.id).toBe(defaultPreset.id);
  });

  it('a query it cannot honour is a bad link naming its field, not the default preset', () => {
    const cases: [string, string][] = [
      ['?preset=nope', '?preset'],
      ['?preset=', '?preset'],
      ['?stacks=abc', '?stacks'],
      ['?stacks=99', '?stacks'],
      ['?stacks=3', '?stacks'],
      ['?stacks=8.5', '?stacks'],
      ['?stacks=', '?stacks'],
      ['?preset=two-stack&stacks=8', '?preset, ?stacks'],
    ];
    for (const [search, field] of cases) {
      const s = startupFromLocation(search, '');
      expect(s.kind, search).toBe('bad-link');
      if (s.kind === 'bad-link') expect(s.issues.map((x) => x.path)).toEqual([field]);
    }
    const s = startupFromLocation('?preset=nope', '');
    if (s.kind === 'bad-link') expect(s.issues[0]!.message).toMatch(/"nope".*two-stack/);
  });

  it('stacks from five to 32, and query parameters that are not ours, open normally', () => {
    const five = startupFromLocation('?stacks=5', '');
    expect(five.kind === 'document' && five.doc.scenario.stacks.length).toBe(5);
    const many = startupFromLocation('?stacks=32&utm_source=x', '');
    expect(many.kind === 'document' && many.doc.scenario.stacks.length).toBe(32);
  });

  it('the gallery has every preset and Figure 9 in three modes, unique ids', () => {
    const ids = GALLERY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(GALLERY.filter((e) => e.group).map((e) => e.mode)).toEqual([
      'default',
      'no-recovery',
      'not-distributed',
    ]);
    expect(ids).toEqual(expect.arrayContaining(['two-stack', 'hotstandby', 'destip-all-8']));
  });
});
