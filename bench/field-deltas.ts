import { actorKinds } from '../src/runtime/actor-kinds';
import { InProcessRuntime } from '../src/runtime/in-process';
import { ScenarioRun } from '../src/runtime/scenario-run';
import { cloneCounted } from '../src/sim/clone';
import type { HostSnapshot } from '../src/sim/host';
import { isTableSnap, type TableSnap } from '../src/sim/table-snapshot';
import { scaleScenario } from './pages/scale-scenario';

// Would checkpoints holding only the fields that changed (field-level deltas) be much smaller than
// ones holding each entry the actors wrote (tables.ts: a write copies the whole entry)? Runs the
// scale scenario in-process with a checkpoint every EVERY events and, for each pair of consecutive
// checkpoints from event FROM on, compares every table entry the later one holds anew with the
// same key's entry in the earlier one: the whole entry's rough bytes (as src/sim/clone.ts counts a
// copy) against ~24 bytes a changed leaf (a field's id and its value; a changed byte array counts
// its bytes). New keys count whole either way. Rough bytes, not the heap's. Not a benchmark: a tool.
//
//   npx tsx bench/field-deltas.ts        N=10000 EVERY=2500 FROM=200000 END=300000 npx tsx bench/field-deltas.ts

const N = Number(process.env.N ?? 10_000);
const EVERY = Number(process.env.EVERY ?? 2_500);
const FROM = Number(process.env.FROM ?? 0);
const END = Number(process.env.END ?? 100_000);

type Obj = Record<string, unknown>;

/** Every table snapshot in a node's state, by its path. */
function tablesOf(v: unknown, path: string, out: Map<string, TableSnap>): Map<string, TableSnap> {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return out;
  if (isTableSnap(v)) out.set(path, v);
  else for (const [k, x] of Object.entries(v as Obj)) tablesOf(x, `${path}.${k}`, out);
  return out;
}

function entriesOf(t: TableSnap): Map<string, unknown> {
  const m = new Map<string, unknown>();
  let i = 0;
  for (const b of t.buckets)
    if (t.order === null) for (const e of b as unknown[]) m.set(String(i++), e);
    else for (const [k, e] of b as ReadonlyMap<string, unknown>) m.set(k, e);
  return m;
}

/** An entry's rough bytes as checkpoints count them (a copy's, src/sim/clone.ts). */
const roughBytes = (v: unknown): number => cloneCounted(v).bytes;

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.every((c, i) => c === y[i]);
}

/** Rough bytes of a field-level delta from a to b. */
function deltaBytes(a: unknown, b: unknown): number {
  if (Object.is(a, b)) return 0;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return 24 + (typeof b === 'string' ? 2 * b.length : 0);
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && sameBytes(a, b)) return 0;
    return 24 + (ArrayBuffer.isView(b) ? b.byteLength : roughBytes(b));
  }
  const ka = Object.keys(a as Obj);
  const kb = Object.keys(b as Obj);
  // Keys added, removed or reordered: count the whole part.
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return roughBytes(b);
  let n = 0;
  for (const k of kb) n += deltaBytes((a as Obj)[k], (b as Obj)[k]);
  return n;
}

const runtime = new InProcessRuntime(actorKinds, {
  checkpointEvery: EVERY,
  maxCheckpoints: 1e6,
  checkpointBytes: 1e15,
  traceLimit: 256,
  traceBytes: 64 * 1024,
});
const run = new ScenarioRun(runtime);
await run.load(scaleScenario(N));
while (run.status().eventIndex < END) await run.step(Math.min(2_000, END - run.status().eventIndex));

// The runtime's own snapshots per checkpoint (private: read here for the measurement only).
const saved = (runtime as unknown as { saved: Map<number, HostSnapshot[]> }).saved;
const at = [...saved.keys()].filter((i) => i >= FROM).sort((a, b) => a - b);
const byTable = new Map<string, { entries: number; whole: number; fields: number }>();
let whole = 0;
let fields = 0;
let fresh = 0;
for (let i = 1; i < at.length; i++) {
  const before = saved.get(at[i - 1]!)!;
  const after = saved.get(at[i]!)!;
  after.forEach((snap, node) => {
    const old = tablesOf(before[node]!.state, '', new Map());
    for (const [path, t] of tablesOf(snap.state, '', new Map())) {
      const o = old.get(path);
      if (o === t) continue;
      const oldEntries = o ? entriesOf(o) : new Map<string, unknown>();
      // Group a table by its path without the per-app / per-client keys in it.
      const name = path.replace(/\.(?!conns$|byKey$|crt$)[^.]*(?=\.)/g, '.*');
      const agg = byTable.get(name) ?? { entries: 0, whole: 0, fields: 0 };
      byTable.set(name, agg);
      for (const [k, e] of entriesOf(t)) {
        const prev = oldEntries.get(k);
        if (prev === e) continue;
        const w = roughBytes(e);
        const d = prev === undefined ? w : deltaBytes(prev, e);
        if (prev === undefined) fresh += w;
        whole += w;
        fields += d;
        agg.entries++;
        agg.whole += w;
        agg.fields += d;
      }
    }
  });
}
const pairs = Math.max(1, at.length - 1);
const mb = (b: number) => (b / pairs / 2 ** 20).toFixed(2);
console.log(
  `${N} connections, a checkpoint every ${EVERY} events, ${pairs} pairs from event ${at[0]} to ${at.at(-1)}:`,
);
console.log(
  `  per checkpoint: entries held anew ${mb(whole)} MB (new keys ${mb(fresh)}), as field deltas ${mb(fields)} MB: ${(whole / Math.max(1, fields)).toFixed(1)}× smaller`,
);
for (const [name, a] of [...byTable].sort((x, y) => y[1].whole - x[1].whole).slice(0, 8))
  console.log(
    `  ${name.padEnd(36)} ${(a.entries / pairs).toFixed(0).padStart(6)} entries, whole ${(a.whole / pairs / 1024).toFixed(0).padStart(6)} kB, fields ${(a.fields / pairs / 1024).toFixed(0).padStart(6)} kB`,
  );
