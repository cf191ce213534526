import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getStraightPath } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/store';
import { type EdgePacket, NO_PACKETS, packetsByEdge } from './flight-paths';
import type { TopologyEdge } from './layout';
import { useClientNames } from './topology-context';

// A link drawn straight, with the packets on screen travelling along it: each an HTML dot in the
// edge label layer (above the links, below the nodes) moved by a transform animation started on
// mount, which the compositor runs: no per-frame JavaScript, and no per-frame style and paint on
// the main thread, as SVG animateMotion dots had (bench/SCALE.md, twentieth session). The store
// caps the packets on screen and each edge shows its newest few (packetsByEdge), so the cost never
// grows with the trace; the edge re-renders only when its own packets change.

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
      {packets.length > 0 && (
        <EdgeLabelRenderer>
          {packets.map((p, i) => (
            <Packet
              key={p.key}
              from={{ x: sourceX, y: sourceY }}
              to={{ x: targetX, y: targetY }}
              packet={p}
              stagger={i}
            />
          ))}
        </EdgeLabelRenderer>
      )}
    </>
  );
});

interface Point {
  x: number;
  y: number;
}

function Packet({
  from,
  to,
  packet,
  stagger,
}: {
  from: Point;
  to: Point;
  packet: EdgePacket;
  stagger: number;
}) {
  const dot = useRef<HTMLDivElement>(null);
  const flight = useRef<Animation | undefined>(undefined);
  const [a, b] = packet.leg.reverse ? [to, from] : [from, to];
  // Seen only while it flies: before and after, the dot's own style (opacity 0) holds.
  const frames = [
    { transform: `translate(${a.x}px, ${a.y}px)`, opacity: 1 },
    { transform: `translate(${b.x}px, ${b.y}px)`, opacity: 1 },
  ];
  // Started once, on mount: a packet keeps flying while newer ones join or leave the edge.
  // biome-ignore lint/correctness/useExhaustiveDependencies: must not restart on re-render
  useEffect(() => {
    // Spread the packets of one step a little so they read as a sequence.
    const delay = packet.leg.leg * LEG_SECONDS + Math.min(stagger, 8) * 0.04;
    flight.current = dot.current?.animate?.(frames, {
      duration: LEG_SECONDS * 1000,
      delay: delay * 1000,
      easing: 'linear',
      fill: 'none',
    });
    return () => flight.current?.cancel();
  }, []);
  // A node dragged while the packet flies: it goes on along the link where it is now.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the frames follow from these four
  useEffect(() => {
    const effect = flight.current?.effect;
    if (effect instanceof KeyframeEffect) effect.setKeyframes(frames);
  }, [a.x, a.y, b.x, b.y]);
  return <div ref={dot} className={`packet packet-${packet.kind}`} data-packet={packet.kind} />;
}

export const edgeTypes = { link: LinkEdge };
