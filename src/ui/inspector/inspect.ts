import { decodeCfFrame } from '../../nodes/cf/codec';
import { collectIkeKeys, espKeysAt } from '../../store/derive/sas';
import {
  type DissectField,
  type Dissection,
  type DissectLayer,
  dissect,
  type SaLookup,
} from '../../wire/dissect';
import { decodeXcf } from '../../wire/xcf';
import { type IkeKeyLookup, makeIkeDissector } from './ike-dissector';
import { xcfBodyFields } from './xcf-fields';

// Any frame on a link → layers with fields and byte ranges: IPv4 (with TCP, UDP, GRE, ESP, IKEv2)
// through the wire dissector; the sysplex's own XCF ('XC') and CF ('CF') frames decoded here.

const fieldsOf = (value: unknown, range: readonly [number, number], depth = 0): DissectField[] => {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => {
    if (v && typeof v === 'object' && depth < 3) {
      const children = fieldsOf(v, range, depth + 1);
      return { name: k, value: Array.isArray(v) ? `${v.length} item(s)` : '', range, children };
    }
    return { name: k, value: String(v), range };
  });
};

/** The header's target: one stack's XCF address, or 0 for every member of the group. */
function targetXcf(b: Uint8Array): string {
  const t = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  return t === '0.0.0.0' ? '0.0.0.0 (every member)' : t;
}

function xcfLayers(b: Uint8Array): DissectLayer[] {
  const r = decodeXcf(b);
  const header: DissectField[] = [
    { name: 'Magic', value: '"XC"', range: [0, 2] },
    { name: 'Version', value: String(b[2] ?? ''), range: [2, 3] },
    { name: 'Type', value: r.ok ? r.value.type : String(b[3] ?? ''), range: [3, 4] },
    { name: 'Length', value: String(((b[4] ?? 0) << 8) | (b[5] ?? 0)), range: [4, 6] },
    { name: 'Sender XCF', value: b.length >= 12 ? `${b[8]}.${b[9]}.${b[10]}.${b[11]}` : '', range: [8, 12] },
    { name: 'Target XCF', value: b.length >= 16 ? targetXcf(b) : '', range: [12, 16] },
  ];
  const layer: DissectLayer = {
    protocol: 'XCF',
    summary: r.ok ? r.value.type : 'malformed',
    range: [0, b.length],
    source: 'wire',
    fields: r.ok ? [...header, ...xcfBodyFields(r.value, [16, b.length])] : header,
  };
  if (!r.ok) layer.problem = { kind: r.error.kind, offset: r.error.offset, message: r.error.message };
  return [layer];
}

function cfLayers(b: Uint8Array): DissectLayer[] {
  const r = decodeCfFrame(b);
  const layer: DissectLayer = {
    protocol: 'CF',
    summary: r.ok ? (r.value.t === 'req' ? `request ${r.value.req.op}` : r.value.t) : 'malformed',
    range: [0, b.length],
    source: 'wire',
    fields: [
      { name: 'Magic', value: '"CF"', range: [0, 2] },
      { name: 'Version', value: String(b[2] ?? ''), range: [2, 3] },
      ...(r.ok ? fieldsOf(r.value, [3, b.length]) : []),
    ],
  };
  if (!r.ok) layer.problem = { kind: r.error.kind, offset: r.error.offset, message: r.error.message };
  return [layer];
}

export function inspectFrame(b: Uint8Array, lookupSa?: SaLookup, lookupIke?: IkeKeyLookup): Dissection {
  if (b[0] === 0x58 && b[1] === 0x43) return { layers: xcfLayers(b), decrypted: [] };
  if (b[0] === 0x43 && b[1] === 0x46) return { layers: cfLayers(b), decrypted: [] };
  const ike = makeIkeDissector(lookupIke);
  const udpPorts = new Map([
    [500, ike],
    [4500, ike],
  ]);
  return dissect(b, { udpPorts, ...(lookupSa ? { lookupSa } : {}) });
}

/**
 * A frame as it arrived at `node`, with the keys the views at this moment hold: ESP opens only with
 * the SAs that node held (espKeysAt), IKE with any stack's.
 */
export function inspectArrival(
  b: Uint8Array,
  node: string,
  views: Readonly<Record<string, { kind: string; state: unknown }>>,
): Dissection {
  const esp = espKeysAt(views, node);
  const ike = collectIkeKeys(
    Object.values(views)
      .filter((v) => v.kind === 'stack')
      .map((v) => v.state),
  );
  return inspectFrame(
    b,
    (spi) => {
      const km = esp.get(spi);
      return km ? { keyMaterial: km } : undefined;
    },
    (spiI, spiR) => ike.get(`${spiI}/${spiR}`),
  );
}
