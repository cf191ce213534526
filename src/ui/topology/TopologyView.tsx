import {
  Background,
  Controls,
  type Node,
  type NodeMouseHandler,
  ReactFlow,
  type ReactFlowInstance,
  useNodesState,
} from '@xyflow/react';
import { type MouseEvent as ReactMouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../../store/store';
import { KillZone } from './KillZone';
import { Legend } from './Legend';
import { edgeTypes } from './LinkEdge';
import { keepUnchanged, layoutTopology, type TopologyEdge, type TopologyNode } from './layout';
import { nodeTypes } from './nodes';
import { ClientNamesContext } from './topology-context';

// The sysplex graph. Nodes and edges are computed once per scenario (and keep their objects when
// a new scenario leaves them unchanged); live data reaches each node through its own store
// selector, so a step never re-maps the node list. What React Flow receives is stable: types at
// module level, memoized nodes and edges, callbacks and options that keep their identity (its
// performance guide). Dragging a stack onto the kill zone kills it (ScenarioRun.act through the
// store); the node then snaps back.

type DragEvent = ReactMouseEvent | MouseEvent | TouchEvent;
type Graph = { nodes: TopologyNode[]; edges: TopologyEdge[] };

/**
 * Room at the top for the legend and at the bottom for the kill zone, which float over the
 * drawing's upper and lower left corners: a node fitted under them would be hidden (a row of four
 * clients over three stacks put Client1 under the legend).
 */
const FIT_VIEW_OPTIONS = { padding: { x: 0.08, top: '80px', bottom: '56px' } } as const;
/** The fit tried first: it leaves Figure 9 at ~0.7 of its size where the padded one left ~0.5. */
const TIGHT_FIT = { padding: 0.06 } as const;

type Flow = ReactFlowInstance<TopologyNode, TopologyEdge>;

/** Fits the graph to the view, with room for the legend and the kill zone only if a node is under one. */
async function fitGraph(flow: Flow, overlays: (Element | null | undefined)[]): Promise<void> {
  await flow.fitView(TIGHT_FIT);
  const boxes = overlays.filter((o): o is Element => !!o).map((o) => o.getBoundingClientRect());
  const hidden = flow.getNodes().some((n) => {
    const w = n.measured?.width ?? 0;
    const h = n.measured?.height ?? 0;
    const a = flow.flowToScreenPosition(n.position);
    const b = flow.flowToScreenPosition({ x: n.position.x + w, y: n.position.y + h });
    return boxes.some((r) => a.x < r.right && b.x > r.left && a.y < r.bottom && b.y > r.top);
  });
  if (hidden) await flow.fitView(FIT_VIEW_OPTIONS);
}
const PRO_OPTIONS = { hideAttribution: true };

function pointOf(e: DragEvent): { x: number; y: number } | null {
  if ('clientX' in e) return { x: e.clientX, y: e.clientY };
  const t = e.changedTouches?.[0];
  return t ? { x: t.clientX, y: t.clientY } : null;
}

export function TopologyView() {
  const scenario = useAppStore((s) => s.scenario);
  const selectNode = useAppStore((s) => s.selectNode);
  const act = useAppStore((s) => s.act);
  const previous = useRef<Graph | null>(null);
  const layout = useMemo(() => keepUnchanged(previous.current, layoutTopology(scenario)), [scenario]);
  useEffect(() => {
    previous.current = layout;
  }, [layout]);
  const clients = useMemo(() => new Set(scenario.clients.map((c) => c.name)), [scenario]);
  const [nodes, setNodes, onNodesChange] = useNodesState<TopologyNode>(layout.nodes);
  const killZone = useRef<HTMLElement>(null);
  const [dragging, setDragging] = useState(false);
  const [armed, setArmed] = useState(false);

  const flow = useRef<Flow | null>(null);
  const box = useRef<HTMLElement>(null);
  const fitToView = useCallback(() => {
    const f = flow.current;
    if (f) void fitGraph(f, [box.current?.querySelector('.legend'), killZone.current]);
  }, []);
  const onInit = useCallback(
    (i: Flow) => {
      flow.current = i;
      fitToView();
    },
    [fitToView],
  );
  // A new graph (another scenario) is fitted to the view once its nodes are measured; the first
  // one by the `fitView` prop, then by fitGraph when the flow is ready and its box has its size.
  const moved = useRef(false);
  useEffect(() => {
    moved.current = false;
    setNodes(layout.nodes);
    fitToView();
  }, [layout, setNodes, fitToView]);

  // The view is fitted again when its box changes size (the page settling after the first paint,
  // a resized window), until the user pans or zooms it: then it stays where they put it.
  const onMoveStart = useCallback((e: MouseEvent | TouchEvent | null) => {
    if (e) moved.current = true;
  }, []);
  const onFitView = useCallback(() => {
    moved.current = false;
    fitToView();
  }, [fitToView]);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let size = '';
    const ro = new ResizeObserver(([entry]) => {
      const r = entry?.contentRect;
      const next = r ? `${Math.round(r.width)}x${Math.round(r.height)}` : '';
      if (next === size) return;
      size = next;
      if (!moved.current) fitToView();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [fitToView]);

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

  const onPaneClick = useCallback(() => selectNode(null), [selectNode]);

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
    <section ref={box} className="topology" aria-label="Sysplex topology">
      <ClientNamesContext.Provider value={clients}>
        <ReactFlow<TopologyNode, TopologyEdge>
          onInit={onInit}
          nodes={nodes}
          edges={layout.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onNodeDrag={onNodeDrag}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={onNodeClick}
          onPaneClick={onPaneClick}
          onMoveStart={onMoveStart}
          fitView
          fitViewOptions={TIGHT_FIT}
          minZoom={0.2}
          nodesConnectable={false}
          autoPanOnNodeDrag={false}
          nodesFocusable={false}
          edgesFocusable={false}
          proOptions={PRO_OPTIONS}
        >
          <Background gap={24} />
          <Controls
            showInteractive={false}
            position="bottom-right"
            fitViewOptions={TIGHT_FIT}
            onFitView={onFitView}
          />
        </ReactFlow>
      </ClientNamesContext.Provider>
      <KillZone ref={killZone} armed={armed} dragging={dragging} />
      <Legend />
    </section>
  );
}
