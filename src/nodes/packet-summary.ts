import { formatIpv4, readU32 } from '../wire/bytes';
import { decodeGre } from '../wire/gre';
import { IPPROTO, ipprotoName } from '../wire/ipproto';
import { decodeIpv4Full } from '../wire/ipv4';
import { decodeTcpFull, tcpFlagsText } from '../wire/tcp';
import { decodeUdp } from '../wire/udp';
import { decodeXcf } from '../wire/xcf';

// One line per frame for the event log: enough to follow a flow at a glance. The packet inspector
// shows the full dissection of the same bytes.

export function summarizePacket(frame: Uint8Array, depth = 0): string {
  if (frame[0] === 0x58 && frame[1] === 0x43) {
    const x = decodeXcf(frame);
    return x.ok ? `XCF ${x.value.type} from ${formatIpv4(x.value.sender)}` : `XCF (${x.error.message})`;
  }
  const ip = decodeIpv4Full(frame);
  if (!ip.ok) return `frame ${frame.length} B (${ip.error.message})`;
  const p = ip.value;
  const head = `${p.src} → ${p.dst}`;
  switch (p.protocol) {
    case IPPROTO.TCP: {
      const t = decodeTcpFull(p.payload, p.src, p.dst);
      if (!t.ok) return `${head} TCP (${t.error.message})`;
      const s = t.value;
      const len = s.payload.length ? ` len ${s.payload.length}` : '';
      return `${p.src}:${s.srcPort} → ${p.dst}:${s.dstPort} TCP [${tcpFlagsText(s.flags)}] seq ${s.seq}${len}`;
    }
    case IPPROTO.UDP: {
      const u = decodeUdp(p.payload, p.src, p.dst);
      if (!u.ok) return `${head} UDP (${u.error.message})`;
      const app =
        u.value.dstPort === 500 || u.value.srcPort === 500 ? ' IKEv2' : u.value.dstPort === 520 ? ' RIP' : '';
      return `${p.src}:${u.value.srcPort} → ${p.dst}:${u.value.dstPort} UDP${app} len ${u.value.payload.length}`;
    }
    case IPPROTO.ESP:
      if (p.payload.length < 8) return `${head} ESP (truncated)`;
      return `${head} ESP SPI 0x${readU32(p.payload, 0).toString(16).padStart(8, '0')} seq ${readU32(p.payload, 4)}`;
    case IPPROTO.GRE: {
      const g = decodeGre(p.payload);
      if (!g.ok) return `${head} GRE (${g.error.message})`;
      const from = g.value.key === undefined ? '' : ` key ${formatIpv4(g.value.key)}`;
      const inner = depth < 2 ? summarizePacket(g.value.payload, depth + 1) : '…';
      return `${head} GRE${from} [${inner}]`;
    }
    default:
      return `${head} ${ipprotoName(p.protocol)} len ${p.payload.length}`;
  }
}
