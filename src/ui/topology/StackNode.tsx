import { Handle, type NodeProps, Position } from '@xyflow/react';
import { type KeyboardEvent, memo, useEffect, useRef, useState } from 'react';
import { roleText } from '../../store/derive/roles';
import { type NodeAction, refusal, useAppStore } from '../../store/store';
import { HANDLE, type StackNodeData, type TopologyNode } from './layout';

// A TCP/IP stack: its role per DVIPA (routing / target / backup with rank / down) and live
// counters, read from the store by name so only this node re-renders when its summary changes.
// K, S, R on the focused node kill, stop or restart it; the ⋯ button opens the same menu.

const KEYS: Record<string, NodeAction> = { k: 'kill', s: 'stop', r: 'restart' };
export const ACTION_LABELS: Record<NodeAction, string> = {
  kill: 'Kill',
  stop: 'Planned stop',
  restart: 'Restart',
};

function roleClass(text: string): string {
  if (text === 'down') return 'role-down';
  if (text.startsWith('routing')) return 'role-routing';
  if (text.includes('backup')) return 'role-backup';
  return 'role-target';
}

export const StackNode = memo(function StackNode({
  data,
  selected,
}: NodeProps<Extract<TopologyNode, { type: 'stack' }>>) {
  const summary = useAppStore((s) => s.stacks[data.name]);
  const act = useAppStore((s) => s.act);
  const selectNode = useAppStore((s) => s.selectNode);
  const [menu, setMenu] = useState(false);
  const up = summary?.up ?? true;
  const onKeyDown = (e: KeyboardEvent) => {
    const action = KEYS[e.key.toLowerCase()];
    if (!action || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    e.stopPropagation();
    void act(data.name, action);
  };
  return (
    <article
      className={`node node-stack${up ? '' : ' node-down'}${selected ? ' node-selected' : ''}`}
      aria-label={`TCP/IP stack ${data.name}`}
      aria-description="K kills, S stops, R restarts"
      data-up={up}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so K / S / R act on it
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        if (e.target === e.currentTarget) selectNode(data.name);
      }}
    >
      <Handle id={HANDLE.in} type="target" position={Position.Top} isConnectable={false} />
      <Handle id={HANDLE.out} type="source" position={Position.Bottom} isConnectable={false} />
      {/* A stack under the CF (past 16 stacks) links up to it. */}
      <Handle id={HANDLE.up} type="source" position={Position.Top} isConnectable={false} />
      <div className="node-head">
        <span className="node-title">{data.name}</span>
        {!up && <span className="chip chip-down">DOWN</span>}
        <button
          type="button"
          className="node-menu-button nodrag"
          aria-label={`Actions for ${data.name}`}
          aria-haspopup="menu"
          aria-expanded={menu}
          onClick={(e) => {
            e.stopPropagation();
            setMenu((m) => !m);
          }}
        >
          ⋯
        </button>
      </div>
      {menu && <NodeMenu data={data} onClose={() => setMenu(false)} />}
      <div className="node-line node-dim">XCF {data.xcfAddr}</div>
      <ul className="node-roles" aria-label={`Roles of ${data.name}`}>
        {(summary?.roles ?? []).map((r) => {
          const text = roleText(r, up);
          return (
            <li key={r.dvipa} className={`role ${roleClass(text)}`}>
              <span className="role-dvipa">{r.dvipa}</span> <span className="role-text">{text}</span>
            </li>
          );
        })}
      </ul>
      <div className="node-counters">
        {up && <span title="Established TCP connections">conns {summary?.connections ?? 0}</span>}
        {up && summary?.sas !== null && summary?.sas !== undefined && (
          <span title="Phase 2 SAs (ESP, one per direction)">SAs {summary.sas}</span>
        )}
        {data.runsIke && <span className="chip chip-ike">IKE</span>}
      </div>
      {summary?.failed && <div className="node-error">handler threw: {summary.failed}</div>}
    </article>
  );
});

function NodeMenu({ data, onClose }: { data: StackNodeData; onClose: () => void }) {
  const act = useAppStore((s) => s.act);
  const up = useAppStore((s) => s.stacks[data.name]?.up);
  const box = useRef<HTMLDivElement>(null);
  // Closes on a click elsewhere or on Escape.
  useEffect(() => {
    const away = (e: PointerEvent) => {
      if (!box.current?.parentElement?.contains(e.target as Node)) onClose();
    };
    const esc = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [onClose]);
  return (
    <div ref={box} className="node-menu nodrag" role="menu" aria-label={`Actions for ${data.name}`}>
      {(Object.keys(ACTION_LABELS) as NodeAction[]).map((a) => {
        const refused = refusal(data.name, a, up);
        return (
          <button
            key={a}
            type="button"
            role="menuitem"
            disabled={refused !== undefined}
            title={refused}
            onClick={(e) => {
              e.stopPropagation();
              onClose();
              void act(data.name, a);
            }}
          >
            {ACTION_LABELS[a]} {data.name}
          </button>
        );
      })}
    </div>
  );
}
