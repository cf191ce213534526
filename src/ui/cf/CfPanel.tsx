import type { CfStructure } from '../../nodes/cf/records';
import type { CfOp } from '../../store/derive/cf-ops';
import { useAppStore } from '../../store/store';
import { dotted } from '../common/format';

// The coupling facility, always visible: the EZBDVIPA entries per DVIPA (owner, phase 1 records,
// phase 2 records with their SPIs and the phase 1 record they correlate to), and the reads,
// writes, claims and deletes of the current step highlighted.

interface CfViewLike {
  structure?: CfStructure;
  counters?: Record<string, number>;
  recordCount?: number;
}

const OP_CLASS: Record<CfOp['kind'], string> = {
  claim: 'op-claim',
  read: 'op-read',
  write: 'op-write',
  delete: 'op-delete',
};

/**
 * Operations listed at most (while playing at 10,000 connections one refresh's step carried ~80 CF
 * writes: the list changed by ~150 lines a frame, more than anyone reads). The cards still highlight
 * every record touched.
 */
const OPS_SHOWN = 12;

export function CfPanel() {
  const cf = useAppStore((s) => s.views.CF?.state as CfViewLike | undefined);
  const ops = useAppStore((s) => s.cfOps);
  const scenario = useAppStore((s) => s.scenario);
  const nameOf = (xcf: number) => scenario.stacks.find((s) => s.xcfAddr === dotted(xcf))?.name ?? dotted(xcf);
  const entries = Object.values(cf?.structure?.entries ?? {}).sort((a, b) => a.dvipa - b.dvipa);
  const opsFor = (dvipa: string, id: string | null) =>
    ops.filter((o) => o.dvipa === dvipa && (id === null ? o.id === null : o.id === id));
  const c = cf?.counters;
  return (
    <section className="cf-panel panel" aria-label="Coupling facility panel">
      <div className="panel-head">
        <h2>Coupling facility · {cf?.structure?.name ?? scenario.cf.structure}</h2>
        {c && (
          <span className="dim">
            {cf?.recordCount ?? 0} records · claims {c.claims} · reads {c.reads} · writes {c.writes} · deletes{' '}
            {c.deletes}
            {c.rejected ? ` · rejected ${c.rejected}` : ''}
          </span>
        )}
      </div>
      <div className="cf-body">
        {ops.length > 0 && (
          <ul className="cf-ops" aria-label="CF operations this step">
            {ops.slice(0, OPS_SHOWN).map((o) => (
              <li key={o.index} className={`${OP_CLASS[o.kind]}${o.rejected ? ' op-rejected' : ''}`}>
                {o.summary}
              </li>
            ))}
            {ops.length > OPS_SHOWN && (
              <li className="dim">… and {ops.length - OPS_SHOWN} more in this step</li>
            )}
          </ul>
        )}
        {entries.length === 0 && <p className="dim">No entries yet.</p>}
        {entries.map((e) => {
          const dv = dotted(e.dvipa);
          const own = opsFor(dv, null);
          const p1 = Object.values(e.phase1);
          const p2 = Object.values(e.phase2);
          return (
            <div key={e.dvipa} className={`cf-entry${own.length ? ' touched' : ''}`} data-dvipa={dv}>
              <div className="cf-entry-head">
                <b>{dv}</b> owner <b>{nameOf(e.owner)}</b> · {p1.length} phase 1 · {p2.length} phase 2
                {own.map((o) => (
                  <span key={o.index} className={`chip ${OP_CLASS[o.kind]}`}>
                    {o.kind}
                  </span>
                ))}
              </div>
              {p1.length > 0 && (
                <table className="table cf-table" aria-label={`Phase 1 records of ${dv}`}>
                  <thead>
                    <tr>
                      <th scope="col">phase 1 id</th>
                      <th scope="col">peer</th>
                      <th scope="col">IKE SPIs (i / r)</th>
                      <th scope="col">by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p1.map((r) => (
                      <tr key={r.id} className={opsFor(dv, r.id).length ? 'hl' : ''}>
                        <td>{r.id}</td>
                        <td>{r.peerId}</td>
                        <td>
                          {r.spiI} / {r.spiR}
                        </td>
                        <td>{nameOf(r.negotiatedBy)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {p2.length > 0 && (
                <table className="table cf-table" aria-label={`Phase 2 records of ${dv}`}>
                  <thead>
                    <tr>
                      <th scope="col">phase 2 id</th>
                      <th scope="col">ESP SPI in / out</th>
                      <th scope="col">↔ phase 1</th>
                      <th scope="col">transform</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p2.map((r) => (
                      <tr key={r.id} className={opsFor(dv, r.id).length ? 'hl' : ''}>
                        <td>{r.id.split('/').pop()}</td>
                        <td>
                          {r.inboundSpi} / {r.outboundSpi}
                        </td>
                        <td>{r.phase1Id}</td>
                        <td>
                          {r.transform} {r.mode}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
