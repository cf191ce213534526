import { memo } from 'react';
import type { MetricSample } from '../../store/derive/metrics';
import type { PhaseMark } from '../../store/phases';
import type { FaultMark } from '../../store/store';

// Alive connections (left axis) and verified responses (right axis) over virtual time, with
// fault and phase markers. Plain SVG; at most a few thousand points.

const W = 420;
const H = 150;
const PAD = { l: 30, r: 40, t: 10, b: 20 };

export const Plot = memo(function Plot({
  samples,
  phases,
  faults,
}: {
  samples: readonly MetricSample[];
  phases: readonly PhaseMark[];
  faults: readonly FaultMark[];
}) {
  const tMax = Math.max(1, ...samples.map((s) => s.time));
  const aMax = Math.max(1, ...samples.map((s) => s.alive));
  const vMax = Math.max(1, ...samples.map((s) => s.verified));
  const x = (t: number) => PAD.l + (t / tMax) * (W - PAD.l - PAD.r);
  const yA = (a: number) => H - PAD.b - (a / aMax) * (H - PAD.t - PAD.b);
  const yV = (v: number) => H - PAD.b - (v / vMax) * (H - PAD.t - PAD.b);
  const line = (y: (s: MetricSample) => number) =>
    // A gap (a far seek forward showed nothing on the way) starts a new stroke.
    samples.map((s, i) => `${i && !s.gap ? 'L' : 'M'}${x(s.time).toFixed(1)},${y(s).toFixed(1)}`).join('');
  return (
    <svg
      className="plot"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Alive connections and verified responses over virtual time"
    >
      <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} className="axis" />
      <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} className="axis" />
      <text x={PAD.l - 4} y={PAD.t + 8} className="tick" textAnchor="end">
        {aMax}
      </text>
      <text x={W - PAD.r + 4} y={PAD.t + 8} className="tick tick-verified">
        {vMax}
      </text>
      <text x={W - PAD.r} y={H - 5} className="tick" textAnchor="end">
        {(tMax / 1e6).toFixed(2)} s
      </text>
      {faults.map((f) => (
        <line
          key={`f${f.time}${f.label}`}
          x1={x(f.time)}
          x2={x(f.time)}
          y1={PAD.t}
          y2={H - PAD.b}
          className="marker-fault"
        >
          <title>{f.label}</title>
        </line>
      ))}
      {phases.map((p) => (
        <line
          key={`p${p.index}`}
          x1={x(p.time)}
          x2={x(p.time)}
          y1={PAD.t}
          y2={H - PAD.b}
          className="marker-phase"
        >
          <title>
            {p.kind} {p.subject} at {p.at}
          </title>
        </line>
      ))}
      <path d={line((s) => yV(s.verified))} className="series-verified" />
      <path d={line((s) => yA(s.alive))} className="series-alive" />
      {/* Where a stroke starts after a gap, a dot: the first thing seen after the seek. */}
      {samples.map((s) =>
        s.gap ? (
          <g key={`g${s.event}`} className="gap-mark">
            <title>seen again at event {s.event}, after a seek forward that showed nothing on the way</title>
            <circle cx={x(s.time)} cy={yV(s.verified)} r={2.5} className="series-verified-dot" />
            <circle cx={x(s.time)} cy={yA(s.alive)} r={2.5} className="series-alive-dot" />
          </g>
        ) : null,
      )}
    </svg>
  );
});
