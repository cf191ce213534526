import { memo } from 'react';
import type { ByteRange } from '../../wire/dissect';

// Bytes, 16 to a row, with the hovered field's range highlighted.

const PER_ROW = 16;
const MAX_BYTES = 4096;

export const HexView = memo(function HexView({
  bytes,
  highlight,
  label,
}: {
  bytes: Uint8Array;
  highlight: ByteRange | null;
  label: string;
}) {
  const shown = bytes.subarray(0, MAX_BYTES);
  const rows: number[] = [];
  for (let o = 0; o < shown.length; o += PER_ROW) rows.push(o);
  const lit = (i: number) => !!highlight && i >= highlight[0] && i < highlight[1];
  return (
    <section className="hex" aria-label={label}>
      {rows.map((o) => (
        <div key={o} className="hex-row">
          <span className="hex-offset">{o.toString(16).padStart(4, '0')}</span>
          <span className="hex-bytes">
            {Array.from(shown.subarray(o, o + PER_ROW), (b, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a byte's offset is its identity
              <span key={o + j} className={`hex-byte${lit(o + j) ? ' hl' : ''}`} data-offset={o + j}>
                {b.toString(16).padStart(2, '0')}
              </span>
            ))}
          </span>
          <span className="hex-ascii">
            {Array.from(shown.subarray(o, o + PER_ROW), (b, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a byte's offset is its identity
              <span key={o + j} className={lit(o + j) ? 'hl' : ''}>
                {b >= 32 && b < 127 ? String.fromCharCode(b) : '·'}
              </span>
            ))}
          </span>
        </div>
      ))}
      {bytes.length > MAX_BYTES && <div className="dim">… {bytes.length - MAX_BYTES} more bytes</div>}
    </section>
  );
});
