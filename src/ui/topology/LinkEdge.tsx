import { BaseEdge, type EdgeProps, getStraightPath } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/store';
import { type EdgePacket, NO_PACKETS, packetsByEdge } from './flight-paths';
import type { TopologyEdge } from './layout';
import { useClientNames } from './topology-context';

// A link drawn straight, with the packets on screen travelling along it (SVG animateMotion,
// started on mount: no per-frame JavaScript). The store caps the packets on screen and each edge
// shows its newest few (packetsByEdge), so the cost never grows with the trace; the edge
// re-renders only when its own packets change.

export const LEG_SECONDS = 0.6;

export const LinkEdge = memo(function LinkEdge(props: EdgeProps<TopologyEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, data } = props;
  const clients = useClientNames();
  const [path] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const packets = useAppStore(useShallow((s) => packetsByEdge(s.flights, clients).get(id) ?? NO_PACKETS));
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`link link-${data?.kind ?? 'xcf'}${packets.length ? ' link-busy' : ''}`}
      />
      {packets.map((p, i) => (
        <Packet key={p.key} path={path} packet={p} stagger={i} />
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
