import { type ReactNode, useMemo, useState } from 'react';
import { useAppStore } from '../../store/store';
import type { ByteRange, DissectField, DissectLayer } from '../../wire/dissect';
import { millis } from '../common/format';
import { HexView } from './HexView';
import { inspectArrival } from './inspect';

// The selected record's packet: what became of it (dropped, and why), dissector layers (names,
// values, problems such as "no SA for SPI …" or "ICV check failed") and its bytes; hovering a field
// highlights its bytes. ESP decrypts with the SAs the receiving node held at this moment (any
// stack's for a packet on its way through the router): never with a key the node did not have.

export function Inspector() {
  const record = useAppStore((s) => s.selectedRecord);
  const views = useAppStore((s) => s.views);
  const [hover, setHover] = useState<ByteRange | null>(null);
  const drop = useMemo(() => (record ? useAppStore.getState().dropOf(record) : null), [record]);
  const frame = record?.frame;
  const node = record?.node ?? '';
  const dissection = useMemo(() => (frame ? inspectArrival(frame, node, views) : null), [frame, node, views]);

  if (!record)
    return (
      <section className="inspector empty" aria-label="Packet inspector">
        Select a row in the event list to inspect its packet.
      </section>
    );
  return (
    <section className="inspector" aria-label="Packet inspector">
      <div className="inspector-head">
        <b>#{record.index}</b> {millis(record.time)} ms · {record.node} · {record.kind}
        {record.link && <> · link {record.link}</>}
        <div className="dim">{record.summary}</div>
      </div>
      {drop && (
        <div className="problem" role="alert" data-testid="packet-dropped">
          ⚠ dropped by {drop.node} {drop.summary.replace(/^drop /, '')}
        </div>
      )}
      {!dissection && <p className="dim">This record carries no packet bytes.</p>}
      {dissection && (
        <>
          <div className="layers">
            {dissection.layers.map((l) => (
              <Layer key={`${l.protocol}-${l.range[0]}-${l.source}`} layer={l} onHover={setHover} />
            ))}
          </div>
          <HexView bytes={frame!} highlight={hover} label="Packet bytes" />
          {dissection.decrypted.map((d) => (
            <div key={d.range[0]}>
              <div className="dim">
                Decrypted ESP payload (at the ciphertext's bytes {d.range[0]}–{d.range[1]})
              </div>
              <HexView
                bytes={d.bytes}
                highlight={hover ? [hover[0] - d.range[0], hover[1] - d.range[0]] : null}
                label="Decrypted bytes"
              />
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function Layer({ layer, onHover }: { layer: DissectLayer; onHover: (r: ByteRange | null) => void }) {
  return (
    <details open className={`layer layer-${layer.source}`} data-protocol={layer.protocol}>
      <summary>
        <HoverBytes range={layer.range} onHover={onHover}>
          <b>{layer.protocol}</b>
        </HoverBytes>{' '}
        {layer.source === 'decrypted' && <span className="chip chip-ike">decrypted</span>}{' '}
        <span className="dim">{layer.summary}</span>
      </summary>
      {layer.problem && <div className="problem">⚠ {layer.problem.message}</div>}
      <FieldList fields={layer.fields} onHover={onHover} />
    </details>
  );
}

function FieldList({ fields, onHover }: { fields: DissectField[]; onHover: (r: ByteRange | null) => void }) {
  return (
    <ul>
      {fields.map((f) => (
        <li key={`${f.name}-${f.range[0]}-${f.range[1]}`}>
          <HoverBytes range={f.range} onHover={onHover} field={f.name}>
            <span className="field-name">{f.name}</span>: <span className="field-value">{f.value}</span>
          </HoverBytes>
          {f.children && <FieldList fields={f.children} onHover={onHover} />}
        </li>
      ))}
    </ul>
  );
}

/** A field or layer name: pointing at it (or focusing it) highlights its bytes. */
function HoverBytes({
  range,
  onHover,
  field,
  children,
}: {
  range: ByteRange;
  onHover: (r: ByteRange | null) => void;
  field?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="field-line"
      data-field={field}
      aria-label={field ? undefined : 'highlight the bytes of this layer'}
      title={`bytes ${range[0]}–${range[1] - 1}`}
      onMouseEnter={() => onHover(range)}
      onMouseLeave={() => onHover(null)}
      onFocus={() => onHover(range)}
      onBlur={() => onHover(null)}
    >
      {children}
    </button>
  );
}
