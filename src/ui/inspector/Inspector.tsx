import { type ReactNode, useMemo, useState } from 'react';
import { collectEspKeys, collectIkeKeys } from '../../store/derive/sas';
import { useAppStore } from '../../store/store';
import type { ByteRange, DissectField, DissectLayer } from '../../wire/dissect';
import { millis } from '../common/format';
import { HexView } from './HexView';
import { inspectFrame } from './inspect';

// The selected record's packet: dissector layers (names, values, problems such as "no SA for SPI
// …" or "ICV check failed") and its bytes; hovering a field highlights its bytes. ESP decrypts
// when a stack view at this moment holds the SA's key material.

export function Inspector() {
  const record = useAppStore((s) => s.selectedRecord);
  const views = useAppStore((s) => s.views);
  const [hover, setHover] = useState<ByteRange | null>(null);
  const keys = useMemo(() => {
    const states = Object.values(views)
      .filter((v) => v.kind === 'stack')
      .map((v) => v.state);
    return { esp: collectEspKeys(states), ike: collectIkeKeys(states) };
  }, [views]);
  const frame = record?.frame;
  const dissection = useMemo(() => {
    if (!frame) return null;
    return inspectFrame(
      frame,
      (spi) => {
        const km = keys.esp.get(spi);
        return km ? { keyMaterial: km } : undefined;
      },
      (spiI, spiR) => keys.ike.get(`${spiI}/${spiR}`),
    );
  }, [frame, keys]);

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
