import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { TopologyNode } from './layout';

// Custom nodes, memoized as React Flow advises for large graphs: they re-render only when their
// own data changes.

type Props<T extends TopologyNode['type']> = NodeProps<Extract<TopologyNode, { type: T }>>;

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </>
  );
}

export const StackNode = memo(function StackNode({ data }: Props<'stack'>) {
  return (
    <article className="node node-stack" aria-label={`TCP/IP stack ${data.name}`}>
      <Handles />
      <div className="node-title">{data.name}</div>
      <div className="node-line">XCF {data.xcfAddr}</div>
      {data.externalAddr && <div className="node-line">net {data.externalAddr}</div>}
      <div className="node-apps">
        {data.apps.map((a) => (
          <span key={a} className="chip chip-app">
            {a}
          </span>
        ))}
        {data.runsIke && <span className="chip chip-ike">IKE</span>}
      </div>
    </article>
  );
});

export const CfNode = memo(function CfNode({ data }: Props<'cf'>) {
  return (
    <article className="node node-cf" aria-label={`Coupling facility ${data.name}`}>
      <Handles />
      <div className="node-title">Coupling facility {data.name}</div>
      <div className="node-line">structure {data.structure}</div>
    </article>
  );
});

export const RouterNode = memo(function RouterNode({ data }: Props<'router'>) {
  return (
    <article className="node node-router" aria-label="Network router">
      <Handles />
      <div className="node-title">Network · {data.name}</div>
      <div className="node-line">{data.addr}</div>
    </article>
  );
});

export const ClientNode = memo(function ClientNode({ data }: Props<'client'>) {
  return (
    <article className="node node-client" aria-label={`Remote client ${data.name}`}>
      <Handles />
      <div className="node-title">{data.name}</div>
      <div className="node-line">{data.addr}</div>
      <div className="node-line node-dim">→ {data.targets.join(', ')}</div>
    </article>
  );
});

export const nodeTypes = { stack: StackNode, cf: CfNode, router: RouterNode, client: ClientNode };
