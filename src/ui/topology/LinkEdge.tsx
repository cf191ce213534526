import { BaseEdge, type EdgeProps, getStraightPath } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PacketKind } from '../../store/derive/packets';
import { useAppStore } from '../../store/store';
import { type Leg, legsOf } from './flight-paths';
import type { TopologyEdge } from './layout';
import { useClientNames } from './topology-context';

// A link drawn straight, with the packets of the current step travelling along it (SVG
// animateMotion, started on mount: no per-frame JavaScript). The store caps the packets per step,
// so the cost never grows with the trace.

export const LEG_SECONDS = 0.6;

interface EdgePacket {
  index: number;
  kind: PacketKind;
  leg: Leg;
}

export const LinkEdge = memo(function LinkEdge(props: EdgeProps<TopologyEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, data } = props;
  const clients = useClientNames();
  const [path] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const packets = useAppStore(
    useShallow((s) => {
      const out: string[] = [];
      for (const f of s.flights)
        for (const leg of legsOf(f, clients))
          if (leg.edge === id) out.push(`${f.index}|${f.kind}|${leg.reverse ? 1 : 0}|${leg.leg}`);
      return out;
    }),
  );
  const parsed = useMemo<EdgePacket[]>(
    () =>
      packets.map((p) => {
        const [index, kind, reverse, leg] = p.split('|');
        return {
          index: Number(index),
          kind: kind as PacketKind,
          leg: { edge: id, reverse: reverse === '1', leg: leg === '1' ? 1 : 0 },
        };
      }),
    [packets, id],
  );
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`link link-${data?.kind ?? 'xcf'}${parsed.length ? ' link-busy' : ''}`}
      />
      {parsed.map((p, i) => (
        <Packet key={`${p.index}-${p.leg.leg}`} path={path} packet={p} stagger={i} />
      ))}
    </>
  );
});

function Packet({ path, packet, stagger }: { path: string; packet: EdgePacket; stagger: number }) {
  const motion = useRef<SVGAnimateMotionElement>(null);
  const show = useRef<SVGSetElement>(null);
  // Started once, on mount: a packet keeps flying while newer ones join or leave the edge.
  // biome-ignore lint/correctness/useExhaustiveDependencies: must not restart on re-render
  useEffect(() => {
    // Spread the packets of one step a little so they read as a sequence.
    const delay = packet.leg.leg * LEG_SECONDS + Math.min(stagger, 8) * 0.04;
    motion.current?.beginElementAt(delay);
    show.current?.beginElementAt(delay);
  }, []);
  const dur = `${LEG_SECONDS}s`;
  return (
    <circle r={6} className={`packet packet-${packet.kind}`} visibility="hidden" data-packet={packet.kind}>
      <set ref={show} attributeName="visibility" to="visible" begin="indefinite" dur={dur} />
      <animateMotion
        ref={motion}
        path={path}
        begin="indefinite"
        dur={dur}
        fill="remove"
        {...(packet.leg.reverse ? { keyPoints: '1;0', keyTimes: '0;1', calcMode: 'linear' } : {})}
      />
    </circle>
  );
}

export const edgeTypes = { link: LinkEdge };
