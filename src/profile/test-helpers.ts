import { parseIpv4 } from './ipv4';
import { parseProfile } from './parse';
import type { Diagnostic, ParseResult } from './types';

// Shared by the tests of this folder.

export const ip = (s: string): number => {
  const v = parseIpv4(s);
  if (v === undefined) throw new Error(`bad test address ${s}`);
  return v;
};

export const XCF = 'IPCONFIG DYNAMICXCF 10.255.0.1 255.255.255.0 1 IPSECURITY\n';

/** A profile with the given VIPADYNAMIC body (and a DYNAMICXCF so no warning about it). */
export const inBlock = (body: string) => `${XCF}VIPADYNAMIC\n${body}\nENDVIPADYNAMIC\n`;

export const brief = (d: Diagnostic) => `${d.line}:${d.column} ${d.severity} ${d.code}`;
export const errors = (r: ParseResult) => r.diagnostics.filter((d) => d.severity === 'error').map(brief);
export const notInfo = (r: ParseResult) => r.diagnostics.filter((d) => d.severity !== 'info').map(brief);

/** Parses and insists on no errors or warnings. */
export function clean(text: string): ParseResult {
  const r = parseProfile(text);
  const bad = r.diagnostics.filter((d) => d.severity !== 'info');
  if (bad.length > 0)
    throw new Error(`unexpected diagnostics:\n${bad.map((d) => `${brief(d)} ${d.message}`).join('\n')}`);
  return r;
}
