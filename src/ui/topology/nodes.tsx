import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { useAppStore } from '../../store/store';
import { HANDLE, type TopologyNode } from './layout';
import { StackNode } from './StackNode';

// Custom nodes, memoized as React Flow advises for large graphs: they re-render only when their
// own data or their own slice of the store changes.

type Props<T extends TopologyNode['type']> = NodeProps<Extract<TopologyNode, { type: T }>>;

function Handles({ below = false }: { below?: boolean }) {
  return (
    <>
      <Handle id={HANDLE.in} type="target" position={Position.Top} isConnectable={false} />
      <Handle id={HANDLE.out} type="source" position={Position.Bottom} isConnectable={false} />
      {below && <Handle id={HANDLE.below} type="target" position={Position.Bottom} isConnectable={false} />}
    </>
  );
}

export const CfNode = memo(function CfNode({ data }: Props<'cf'>) {
  const records = useAppStore(
    (s) => (s.views.CF?.state as { recordCount?: number } | undefined)?.recordCount ?? 0,
  );
  const touched = useAppStore((s) => s.cfOps.length);
  return (
    <article
      className={`node node-cf${touched ? ' node-active' : ''}`}
      aria-label={`Coupling facility ${data.name}`}
    >
      <Handles below />
      <div className="node-title">Coupling facility {data.name}</div>
      <div className="node-line">structure {data.structure}</div>
      <div className="node-counters">
        <span>records {records}</span>
        {touched > 0 && <span className="chip chip-cf">{touched} op(s) this step</span>}
      </div>
    </article>
  );
});

export const RouterNode = memo(function RouterNode({ data }: Props<'router'>) {
  const forwarded = useAppStore(
    (s) => (s.views.Router?.state as { forwarded?: number } | undefined)?.forwarded ?? 0,
  );
  return (
    <article className="node node-router" aria-label="Network router">
      <Handles />
      <div className="node-title">Network · {data.name}</div>
      <div className="node-line">{data.addr}</div>
      <div className="node-counters">
        <span>forwarded {forwarded}</span>
      </div>
    </article>
  );
});

export const ClientNode = memo(function ClientNode({ data }: Props<'client'>) {
  const alive = useAppStore((s) => {
    const cs = (s.views[data.name]?.state as { clients?: { connectionsAlive?: number }[] } | undefined)
      ?.clients;
    return cs ? cs.reduce((n, c) => n + (c.connectionsAlive ?? 0), 0) : 0;
  });
  return (
    <article className="node node-client" aria-label={`Remote client ${data.name}`}>
      <Handles />
      <div className="node-title">{data.name}</div>
      <div className="node-line">{data.addr}</div>
      <div className="node-line node-dim">→ {data.targets.join(', ')}</div>
      <div className="node-counters">
        <span>alive {alive}</span>
      </div>
    </article>
  );
});

export const nodeTypes = { stack: StackNode, cf: CfNode, router: RouterNode, client: ClientNode };
