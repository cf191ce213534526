import { Background, Controls, ReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { useAppStore } from '../../store/store';
import { layoutTopology } from './layout';
import { nodeTypes } from './nodes';

export function TopologyView() {
  const scenario = useAppStore((s) => s.scenario);
  const selectNode = useAppStore((s) => s.selectNode);
  // Recomputed only when the scenario changes, never per event.
  const { nodes, edges } = useMemo(() => layoutTopology(scenario), [scenario]);
  return (
    <section className="topology" aria-label="Sysplex topology">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.15 }}
        nodesConnectable={false}
        onNodeClick={(_, node) => selectNode(node.id)}
        onPaneClick={() => selectNode(null)}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}
