import { describe, expect, it } from 'vitest';
import * as K from './keywords';

const tables = Object.entries(K).filter(
  (e): e is [string, K.Keyword[]] =>
    Array.isArray(e[1]) && e[1].every((k) => typeof k === 'object' && 'min' in k),
);

const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

describe('keyword tables', () => {
  it('derive the minimum abbreviation from the IBM spelling', () => {
    expect(K.kw('VIPADEFine')).toEqual({ name: 'VIPADEFINE', min: 7, spelling: 'VIPADEFine' });
    expect(K.kw('IPSEC6Rule').min).toBe(7);
    expect(K.kw('WHENIDLE').min).toBe(8);
  });

  it.each(tables)('%s: no token can match two keywords', (_name, table) => {
    for (const a of table) {
      for (const b of table) {
        if (a === b) continue;
        // A token matches both only if it is a common prefix at least as long as both minimums.
        expect(commonPrefix(a.name, b.name), `${a.spelling} / ${b.spelling}`).toBeLessThan(
          Math.max(a.min, b.min),
        );
      }
    }
  });

  it('resolves the VIPAD… family as z/OS does', () => {
    const t = K.VIPADYNAMIC_STATEMENTS;
    const top = K.TOP_STATEMENTS;
    const name = (u: string, tab: readonly K.Keyword[]) => {
      const m = K.matchKeyword(u, tab);
      return m.kind === 'match' ? m.keyword.name : m.kind;
    };
    expect(name('VIPAD', top)).toBe('VIPADYNAMIC');
    expect(name('VIPADY', top)).toBe('VIPADYNAMIC');
    expect(name('VIPADE', t)).toBe('short');
    expect(name('VIPADEF', t)).toBe('VIPADEFINE');
    expect(name('VIPADEL', t)).toBe('VIPADELETE');
    expect(name('VIPADIS', t)).toBe('short');
    expect(name('VIPADIST', t)).toBe('VIPADISTRIBUTE');
    expect(name('VIPAR', t)).toBe('VIPARANGE');
    expect(name('VIPARO', t)).toBe('short');
    expect(name('VIPAROUTE', t)).toBe('VIPAROUTE');
    expect(name('VIPADEFINEX', t)).toBe('none');
    const short = K.matchKeyword('VIPADE', t);
    expect(short.kind === 'short' && K.describeTooShort('VIPADE', short.candidates)).toBe(
      "'VIPADE' is too short an abbreviation: it could only be VIPADEFINE (shortest form VIPADEF) or VIPADELETE (shortest form VIPADEL)",
    );
  });

  it('suggests a close keyword for a misspelling', () => {
    expect(K.suggestKeyword('VIPADISTRUBUTE', K.VIPADYNAMIC_STATEMENTS)?.name).toBe('VIPADISTRIBUTE');
    expect(K.suggestKeyword('ROUNDROBBIN', K.DIST_METHODS)?.name).toBe('ROUNDROBIN');
    expect(K.suggestKeyword('XYZZY', K.DIST_METHODS)).toBeUndefined();
  });
});
