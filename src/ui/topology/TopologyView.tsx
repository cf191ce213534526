import {
  Background,
  Controls,
  type Node,
  type NodeMouseHandler,
  ReactFlow,
  useNodesState,
} from '@xyflow/react';
import { type MouseEvent as ReactMouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../../store/store';
import { KillZone } from './KillZone';
import { Legend } from './Legend';
import { edgeTypes } from './LinkEdge';
import { layoutTopology, type TopologyNode } from './layout';
import { nodeTypes } from './nodes';
import { ClientNamesContext } from './topology-context';

// The sysplex graph. Nodes and edges are computed once per scenario; live data reaches each node
// through its own store selector, so a step never re-maps the node list. Dragging a stack onto
// the kill zone kills it (ScenarioRun.act through the store); the node then snaps back.

type DragEvent = ReactMouseEvent | MouseEvent | TouchEvent;

function pointOf(e: DragEvent): { x: number; y: number } | null {
  if ('clientX' in e) return { x: e.clientX, y: e.clientY };
  const t = e.changedTouches?.[0];
  return t ? { x: t.clientX, y: t.clientY } : null;
}

export function TopologyView() {
  const scenario = useAppStore((s) => s.scenario);
  const selectNode = useAppStore((s) => s.selectNode);
  const act = useAppStore((s) => s.act);
  const layout = useMemo(() => layoutTopology(scenario), [scenario]);
  const clients = useMemo(() => new Set(scenario.clients.map((c) => c.name)), [scenario]);
  const [nodes, setNodes, onNodesChange] = useNodesState<TopologyNode>(layout.nodes);
  const killZone = useRef<HTMLElement>(null);
  const [dragging, setDragging] = useState(false);
  const [armed, setArmed] = useState(false);

  useEffect(() => setNodes(layout.nodes), [layout, setNodes]);

  const overZone = useCallback((e: DragEvent) => {
    const p = pointOf(e);
    const r = killZone.current?.getBoundingClientRect();
    return !!p && !!r && p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom;
  }, []);

  const onNodeDrag = useCallback(
    (e: DragEvent, node: Node) => {
      setDragging(node.type === 'stack');
      setArmed(node.type === 'stack' && overZone(e));
    },
    [overZone],
  );

  const onNodeDragStop = useCallback(
    (e: DragEvent, node: Node) => {
      setDragging(false);
      setArmed(false);
      const home = layout.nodes.find((n) => n.id === node.id);
      if (home) setNodes((ns) => ns.map((n) => (n.id === node.id ? { ...n, position: home.position } : n)));
      if (node.type === 'stack' && overZone(e))
        void act((node as Extract<TopologyNode, { type: 'stack' }>).data.name, 'kill');
    },
    [layout, overZone, act, setNodes],
  );

  const onNodeClick: NodeMouseHandler<TopologyNode> = useCallback(
    (_, node) => {
      const actor =
        node.type === 'stack'
          ? node.data.name
          : node.type === 'cf'
            ? 'CF'
            : node.type === 'router'
              ? 'Router'
              : node.data.name;
      selectNode(actor);
    },
    [selectNode],
  );

  return (
    <section className="topology" aria-label="Sysplex topology">
      <ClientNamesContext.Provider value={clients}>
        <ReactFlow<TopologyNode>
          nodes={nodes}
          edges={layout.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onNodeDrag={onNodeDrag}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={onNodeClick}
          onPaneClick={() => selectNode(null)}
          fitView
          fitViewOptions={{ padding: 0.08 }}
          minZoom={0.2}
          nodesConnectable={false}
          autoPanOnNodeDrag={false}
          nodesFocusable={false}
          edgesFocusable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} />
          <Controls showInteractive={false} position="bottom-right" />
        </ReactFlow>
      </ClientNamesContext.Provider>
      <KillZone ref={killZone} armed={armed} dragging={dragging} />
      <Legend />
    </section>
  );
}
