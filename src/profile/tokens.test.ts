import { describe, expect, it } from 'vitest';
import { tokenize } from './tokens';

const brief = (text: string) =>
  tokenize(text).map((t) => `${t.text}@${t.line}:${t.column}-${t.endColumn}${t.firstOnLine ? '^' : ''}`);

describe('tokenize', () => {
  it('splits on blanks and tabs and records 1-based positions', () => {
    expect(brief('VIPADEFINE  255.255.255.0\t203.0.113.11')).toEqual([
      'VIPADEFINE@1:1-11^',
      '255.255.255.0@1:13-26',
      '203.0.113.11@1:27-39',
    ]);
  });

  it('drops ; comments to the end of the line, even inside a token', () => {
    expect(brief('PORT 60;comment\n ; whole line\n  DESTIP ALL ; trailing')).toEqual([
      'PORT@1:1-5^',
      '60@1:6-8',
      'DESTIP@3:3-9^',
      'ALL@3:10-13',
    ]);
  });

  it('counts CRLF, CR and LF as one line end each', () => {
    expect(brief('A\r\nB\rC\nD').map((s) => s.split('@')[1])).toEqual([
      '1:1-2^',
      '2:1-2^',
      '3:1-2^',
      '4:1-2^',
    ]);
  });

  it('makes a comma a token of its own', () => {
    expect(tokenize('10.1.1.1,10.1.1.2').map((t) => t.text)).toEqual(['10.1.1.1', ',', '10.1.1.2']);
  });

  it('upper-cases for matching but keeps the text', () => {
    const [t] = tokenize('vipaDefine');
    expect(t).toMatchObject({ text: 'vipaDefine', upper: 'VIPADEFINE' });
  });

  it('returns nothing for empty or comment-only input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('; nothing\n\n   ')).toEqual([]);
  });
});
