import { formatIpv4 } from '../../wire/bytes';
import type { DissectField } from '../../wire/dissect';
import type { ConnId, VipaListEntry, XcfMessage } from '../../wire/xcf';

// A decoded XCF message's body as the inspector's fields: addresses dotted, each VIPA list entry,
// destination, backup and connection one readable line with its parts beneath. Spelled out per
// message type: a generic walk over the decoded object showed addresses as integers and nested
// records as "[object Object]".

type Range = readonly [number, number];

const ip = formatIpv4;
const field = (name: string, value: string, range: Range, children?: DissectField[]): DissectField =>
  children ? { name, value, range, children } : { name, value, range };

function entryField(e: VipaListEntry, range: Range): DissectField {
  const dests = e.destAll
    ? [field('Destinations', 'ALL (every stack of the sysplex)', range)]
    : [
        field(
          'Destinations',
          e.dests.length ? String(e.dests.length) : 'none',
          range,
          e.dests.map((d, i) =>
            field(
              `Destination ${i + 1}`,
              `${ip(d.xcf)} weight ${d.weight}${d.standbyRank ? `, standby rank ${d.standbyRank}` : ''}`,
              range,
              [
                field('XCF address', ip(d.xcf), range),
                field('Weight', String(d.weight), range),
                field('Standby rank', d.standbyRank ? String(d.standbyRank) : '0 (preferred)', range),
              ],
            ),
          ),
        ),
      ];
  return field(
    `DVIPA ${ip(e.dvipa)}`,
    `${e.distMethod}, owner ${ip(e.owner)}${e.ipsec ? ', IPsec' : ''}`,
    range,
    [
      field('DVIPA', ip(e.dvipa), range),
      field('Mask', ip(e.mask), range),
      field('Owner (routing stack)', ip(e.owner), range),
      field('Distribution method', e.distMethod, range),
      field('Ports', e.ports.length ? e.ports.join(', ') : 'none', range),
      ...dests,
      field(
        'Backups',
        e.backups.length ? String(e.backups.length) : 'none',
        range,
        e.backups.map((b, i) => field(`Backup ${i + 1}`, `${ip(b.xcf)} rank ${b.rank}`, range)),
      ),
      field('Sysplex-wide IPsec', e.ipsec ? 'yes' : 'no', range),
    ],
  );
}

const connLine = (c: ConnId) => `${ip(c.srcAddr)}:${c.srcPort} → ${ip(c.dvipa)}:${c.dstPort}`;

/** The fields of the message's body (the header's are the caller's). */
export function xcfBodyFields(m: XcfMessage, range: Range): DissectField[] {
  switch (m.type) {
    case 'VIPA_LIST':
      return [
        field(
          'VIPA list',
          `${m.entries.length} DVIPA(s)`,
          range,
          m.entries.map((e) => entryField(e, range)),
        ),
      ];
    case 'SRVSTAT':
      return [
        field('DVIPA', ip(m.dvipa), range),
        field('Port', String(m.port), range),
        field('Ready', m.ready ? 'yes' : 'no', range),
        field('Application', m.app, range),
      ];
    case 'NEWCONN':
      return [
        field(
          'Connections',
          String(m.conns.length),
          range,
          m.conns.map((c) => field(connLine(c), `target ${ip(c.target)}${c.ipsec ? ', IPsec' : ''}`, range)),
        ),
      ];
    case 'CONNEND':
      return [
        field(
          'Connections',
          String(m.conns.length),
          range,
          m.conns.map((c) => field(connLine(c), 'ended', range)),
        ),
      ];
    case 'DVIPA_TAKEOVER':
      return [field('DVIPA', ip(m.dvipa), range), field('Backup rank', String(m.rank), range)];
    case 'DVIPA_TAKEBACK':
    case 'DVIPA_DELETED':
      return [field('DVIPA', ip(m.dvipa), range)];
  }
}
