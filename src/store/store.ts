import { create } from 'zustand';
import type { PhaseKind } from '../nodes/phase';
import { type Capture, captureRun } from '../runtime/capture';
import type { Runtime, RuntimeStatus } from '../runtime/runtime';
import { faultLabel, type NodeAction, refusal } from '../runtime/scenario-run';
import { defaultPreset } from '../scenario/presets';
import {
  type DetailPanel,
  formatIssue,
  type NodeTable,
  type ScenarioDocument,
  scenarioDocument,
} from '../scenario/schema';
import type { Scenario } from '../scenario/types';
import type { NodeView } from '../sim/host';
import type { TraceRecord } from '../sim/types';
import type { ViewPages } from '../sim/view-page';
import { type CfOp, parseCfOp } from './derive/cf-ops';
import {
  addSample,
  checkInvariants,
  type InvariantCheck,
  type MetricSample,
  movesInProgress,
  SAMPLE_GAP_EVENTS,
  sampleMetrics,
} from './derive/metrics';
import { flightsOf, mergeFlights, type PacketFlight } from './derive/packets';
import { routingOwners, type StackSummary, sameSummary, stackSummary } from './derive/roles';
import { momentIssues, RESTORE_LIMIT_US } from './moment-issues';
import { type PhaseMark, phasePredicate } from './phases';
import { replayEta } from './replay-eta';
import { openSession, type Session } from './session';
import {
  DEFAULT_SPEED,
  FramePacer,
  flightCap,
  flightEvery,
  PAINT_EVERY_MS,
  PAINT_EVERY_MS_BUSY,
  pacerFor,
  speedById,
  viewsDue,
} from './speeds';
import { isFiltered, NO_FILTER, TraceBook, type TraceFilter } from './trace-book';

// The one store (DESIGN.md §4): the only bridge between the UI and the runtime. It hosts the
// scenario on a runtime (one Web Worker per node), and publishes what the UI draws: status, node
// summaries and views, the current step's packets and CF operations, phases, metrics, invariants.
// The UI reads it through narrow selectors and changes anything only through its actions.

// The UI reads these through the store; the rule lives in the core, where the CLI uses it too.
export { type NodeAction, refusal };
export type PhaseTarget = PhaseKind | 'any';

export interface FaultMark {
  event: number | null;
  time: number;
  label: string;
}

export interface TraceInfo {
  /** Records in the present (up to the current event). */
  count: number;
  /** Present + remembered future. */
  total: number;
  filteredTotal: number;
  /** Rows of the filtered list up to the present (what it follows). */
  filteredCount: number;
  /** The oldest record in memory: the ones before it come back by seeking back to them. */
  firstKept: number;
  /** Bumped whenever rows may have changed. */
  version: number;
}

/** Input that could not be opened (a link, a file): what it was and its problems, one line each. */
export interface InputProblem {
  title: string;
  issues: string[];
}

export interface AppState {
  scenario: Scenario;
  /** A link or file that could not be opened (the banner), or null. */
  inputProblem: InputProblem | null;
  /** Replaying a shared or imported run: events done of the target, or null. */
  restoring: { done: number; target: number } | null;
  /**
   * A long seek under way (one that replays SEEK_PROGRESS_FROM events or more): replaying from
   * event `from` (the checkpoint restored, or the present going forward) to `target`, now at
   * `done`. null otherwise.
   */
  seeking: { from: number; done: number; target: number } | null;
  ready: boolean;
  /** What a long operation is doing ("running to takeover complete…"), or null. */
  activity: string | null;
  status: RuntimeStatus;
  /** The furthest event reached on this timeline (the scrubber's end). */
  horizon: number;
  stacks: Record<string, StackSummary>;
  views: Record<string, NodeView>;
  /** The table pages the views show, by node id and table name (the first rows when absent). */
  tablePages: ViewPages;
  flights: PacketFlight[];
  cfOps: CfOp[];
  phases: PhaseMark[];
  faults: FaultMark[];
  samples: MetricSample[];
  invariants: InvariantCheck[];
  invariantBreaks: Partial<Record<InvariantCheck['id'], { event: number; detail: string }>>;
  /** What the runtime holds for seeking back: checkpoints and their rough bytes. */
  checkpoints: { count: number; bytes: number; budget: number };
  trace: TraceInfo;
  filter: TraceFilter;
  selectedNode: string | null;
  selectedRecord: TraceRecord | null;
  /** The detail panel open beside the topology, and the stack table open in its node panel. */
  panel: DetailPanel;
  table: NodeTable;
  playing: boolean;
  speed: string;
  phaseTarget: PhaseTarget;
  error: string | null;
  /** What the last action came to when it is not what was asked (a phase that did not come). */
  notice: string | null;
  theme: 'light' | 'dark';

  loadScenario: (scenario: Scenario) => Promise<void>;
  /**
   * Loads a document's scenario and, when it has a view, replays the run from event 0 to exactly
   * the view's event index (in chunks, showing progress) and selects its node and record.
   */
  openDocument: (doc: ScenarioDocument) => Promise<void>;
  /** The scenario with its timeline as it stands (the user's acts included) and where the view is. */
  currentDocument: () => ScenarioDocument;
  /** The capture of the run so far (pcap and Wireshark key files), or null before a run. */
  captureSoFar: () => Promise<Capture | null>;
  showInputProblem: (p: InputProblem) => void;
  dismissInputProblem: () => void;
  step: () => Promise<void>;
  stepBack: () => Promise<void>;
  nextPacket: () => Promise<void>;
  runToPhase: () => Promise<void>;
  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  setSpeed: (id: string) => void;
  setPhaseTarget: (t: PhaseTarget) => void;
  /** Moves to an event; a long seek under way (`seeking`) stops where it got and this one follows. */
  seek: (event: number) => Promise<void>;
  /** Stops a long seek under way where its replay has got. */
  stopSeek: () => void;
  act: (node: string, action: NodeAction) => Promise<void>;
  /** Selects a node (null: none) and opens its panel. */
  selectNode: (id: string | null) => void;
  showPanel: (panel: DetailPanel) => void;
  showTable: (table: NodeTable) => void;
  /** Shows the rows of a node's table from `from` on (e.g. the VCRT's next page) and re-reads the views. */
  showTablePage: (node: string, table: string, from: number) => Promise<void>;
  selectRecord: (index: number) => Promise<void>;
  setFilter: (f: TraceFilter) => void;
  /** Rows [from, to) of the event list (filtered when a filter is set). */
  rows: (from: number, to: number) => TraceRecord[];
  rowOf: (index: number) => number;
  /** The 'drop' record a frame's arrival ended in (the node discarded it), or null. */
  dropOf: (record: TraceRecord) => TraceRecord | null;
  dismissError: () => void;
  setTheme: (t: 'light' | 'dark') => void;
}

const EMPTY_STATUS: RuntimeStatus = {
  eventIndex: 0,
  time: 0,
  fingerprint: '',
  pending: 0,
  nextTime: null,
  failed: [],
};
/** How long a packet stays on screen: two legs of the topology's animation. */
const FLIGHT_MS = 1_300;
const MAX_SAMPLES = 4_000;
/** A run-until gives up after this much virtual time without a match. */
const RUN_UNTIL_LIMIT_US = 60_000_000;
const RUN_UNTIL_CHUNK = 400;
/** Events replayed between two refreshes when opening a shared run. */
const RESTORE_CHUNK = 1_000;
/**
 * A seek that replays this many events or more shows its progress (`seeking`); step backs replay a
 * few. (2,000 events take ~0.2 s in the Workers at 10,000 connections, ~0.1 s at Figure 9's size.)
 */
export const SEEK_PROGRESS_FROM = 2_000;
/** How often a long seek's progress is published. */
const SEEK_PROGRESS_MS = 100;
/** Virtual time run on load: the stacks have defined, distributed and advertised their DVIPAs. */
export const STARTUP_US = 100_000;

/**
 * The event a seek from `at` to `target` replays from: the newest checkpoint at or before the
 * target, or the present when going forward past it.
 */
function replayStart(runtime: Runtime, at: number, target: number): number {
  const held = runtime.checkpointStats().indexes;
  let cp = 0;
  for (const i of held) if (i <= target) cp = i;
  return target >= at ? Math.max(at, cp) : cp;
}

const NO_CHECKPOINTS: AppState['checkpoints'] = { count: 0, bytes: 0, budget: 0 };

/** The runtime's checkpoint figures, or `prev` when they did not change (no re-render). */
function checkpointsOf(s: Session, prev: AppState['checkpoints']): AppState['checkpoints'] {
  const { count, bytes, budget } = s.runtime.checkpointStats();
  return prev.count === count && prev.bytes === bytes && prev.budget === budget
    ? prev
    : { count, bytes, budget };
}

const NO_CF_OPS: CfOp[] = [];
const cfOpsOf = (records: readonly TraceRecord[]): CfOp[] => {
  const ops = records.flatMap((r) => parseCfOp(r) ?? []);
  return ops.length ? ops : NO_CF_OPS;
};

/** `next` when it differs from `prev` item by item, else `prev` (its subscribers do not re-render). */
function keepIfSame<T>(prev: T[], next: T[], same: (a: T, b: T) => boolean = Object.is): T[] {
  return prev.length === next.length && prev.every((p, i) => same(p, next[i]!)) ? prev : next;
}
const sameFault = (a: FaultMark, b: FaultMark) =>
  a.event === b.event && a.time === b.time && a.label === b.label;

let session: Session | null = null;
let book = new TraceBook(() => []);
/** Operations on the runtime run one at a time, each followed by a refresh. */
let chain: Promise<unknown> = Promise.resolve();
/** Virtual time since which a DVIPA has had two routing owners (the invariant monitor's grace). */
const dualSince = new Map<string, number>();
/** Bumped to cancel a play loop or a run-until. */
let runToken = 0;
/** Events ran since the views were last read (a light refresh while playing fast). */
let viewsStale = false;
/** Sizes the play loop's chunks; kept across plays of one session (its rate is the scenario's). */
let pacer = new FramePacer();

const nextFrame = () =>
  new Promise<void>((resolve) =>
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(() => resolve())
      : setTimeout(resolve, 16),
  );

/** Resolvers of nextTask(), in order; one channel for all (a channel per turn is garbage: ports, pipes). */
const taskWaiters: (() => void)[] = [];
let taskChannel: MessageChannel | null = null;

/** A task boundary (not a frame): lets input and a due frame in between two turns of play. */
const nextTask = () =>
  new Promise<void>((resolve) => {
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    if (!taskChannel) {
      taskChannel = new MessageChannel();
      taskChannel.port1.onmessage = () => taskWaiters.shift()?.();
      // Node (tests): an open port would keep the process alive.
      (taskChannel.port1 as { unref?: () => void }).unref?.();
    }
    taskWaiters.push(resolve);
    taskChannel.port2.postMessage(null);
  });

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export const useAppStore = create<AppState>()((set, get) => {
  function exclusive(fn: () => Promise<void>): Promise<void> {
    const run = chain.then(async () => {
      try {
        await fn();
      } catch (e) {
        set({ error: errorText(e), playing: false, activity: null });
        runToken++;
        // The runtime stays usable after a node failure: show where it stands.
        await refresh().catch(() => undefined);
      }
    });
    chain = run;
    return run;
  }

  function traceInfo(): TraceInfo {
    return {
      count: book.count,
      total: book.total,
      filteredTotal: book.filteredTotal,
      filteredCount: book.filteredCount,
      firstKept: Math.min(session?.runtime.firstRecord() ?? 0, book.count),
      version: get().trace.version + 1,
    };
  }

  /** What changes with every event and costs no read of the nodes: status, packets, phases, trace. */
  function lightState(s: Session, status: RuntimeStatus, prev: AppState): Partial<AppState> {
    const stepRecords = book.takeStep();
    const speed = speedById(prev.speed);
    const flights = flightCap(prev.playing, speed);
    return {
      status,
      horizon: Math.max(prev.horizon, status.eventIndex),
      flights: mergeFlights(
        prev.flights,
        flightsOf(stepRecords, s.ends, flights),
        performance.now(),
        flights,
        FLIGHT_MS,
        flightEvery(prev.playing, speed),
      ),
      cfOps: cfOpsOf(stepRecords),
      phases: keepIfSame(
        prev.phases,
        [...book.phases.values()].sort((a, b) => a.index - b.index),
      ),
      faults: keepIfSame(
        prev.faults,
        s.run.timeline.map((f) => ({ event: f.afterEvent ?? null, time: f.atUs, label: faultLabel(f) })),
        sameFault,
      ),
      trace: traceInfo(),
    };
  }

  /**
   * Refresh without reading the nodes (while playing fast, between two full refreshes): the views,
   * stack summaries, metrics and invariants stay as they were; `viewsStale` says so.
   */
  function refreshLight(): void {
    const s = session;
    if (!s) return;
    viewsStale = true;
    set(lightState(s, s.run.status(), get()));
  }

  /**
   * Reads status and every view, and derives what the UI shows. One Worker round per node.
   * jumpedFrom: the event a seek started from (its replay showed nothing on the way).
   */
  async function refresh(jumpedFrom?: number): Promise<void> {
    const s = session;
    if (!s) return;
    const status = s.run.status();
    const { tablePages, selectedNode } = get();
    // Table rows only for the node the side panel shows (the others' views hold the totals).
    const viewList = await s.runtime.views({ pages: tablePages, rowsOf: selectedNode ? [selectedNode] : [] });
    viewsStale = false;
    const prev = get();
    const views: Record<string, NodeView> = {};
    const stacks: Record<string, StackSummary> = {};
    for (const v of viewList) {
      views[v.id] = v;
      if (v.kind !== 'stack') continue;
      // The runtime hands back the same view object while the node is unchanged.
      const kept = prev.views[v.id] === v ? prev.stacks[v.id] : undefined;
      if (kept) {
        stacks[v.id] = kept;
        continue;
      }
      const sum = stackSummary(v);
      stacks[v.id] = sameSummary(prev.stacks[v.id], sum) ? prev.stacks[v.id]! : sum;
    }
    const sample = sampleMetrics(viewList, status.eventIndex, status.time);
    // A far seek forward replayed the stretch from where it started unseen.
    if (jumpedFrom !== undefined && status.eventIndex - jumpedFrom >= SAMPLE_GAP_EVENTS) sample.gap = true;
    const samples = addSample(prev.samples, sample, MAX_SAMPLES);
    const present = [...book.phases.values()]
      .filter((p) => p.index < book.count)
      .sort((a, b) => a.index - b.index);
    // Since when each DVIPA has had two routing owners (forgotten when it has one again).
    for (const [d, o] of routingOwners(Object.values(stacks))) {
      const since = dualSince.get(d);
      if (o.length < 2 || (since !== undefined && since > status.time)) dualSince.delete(d);
      if (o.length > 1 && !dualSince.has(d)) dualSince.set(d, status.time);
    }
    const invariants = checkInvariants(
      Object.values(stacks),
      sample,
      views.CF,
      s.xcfToName,
      movesInProgress(present),
      (d) => status.time - (dualSince.get(d) ?? status.time),
      2 * prev.scenario.failureDetectionUs,
    );
    const breaks = { ...prev.invariantBreaks };
    for (const [id, b] of Object.entries(breaks))
      if (b && b.event > status.eventIndex) delete breaks[id as InvariantCheck['id']];
    for (const c of invariants)
      if (c.state === 'broken' && !breaks[c.id])
        breaks[c.id] = { event: status.eventIndex, detail: c.detail };
    set({
      ...lightState(s, status, prev),
      views,
      stacks,
      samples,
      invariants,
      invariantBreaks: breaks,
      checkpoints: checkpointsOf(s, prev.checkpoints),
    });
  }

  async function seekTo(event: number): Promise<void> {
    const s = session!;
    const at = s.run.status().eventIndex;
    if (event < at) book.stashFuture(event);
    // A far seek at 10,000 connections replays for seconds: say so, and how far it has got.
    const from = replayStart(s.runtime, at, event);
    const shown = event - from >= SEEK_PROGRESS_FROM ? showSeekProgress(s.runtime, from, event) : null;
    try {
      await s.run.seek(event);
      // A selection now in the future follows the present: the list's last row up to it.
      const sel = get().selectedRecord;
      if (sel && sel.event >= s.run.status().eventIndex)
        set({ selectedRecord: book.lastPresent(isFiltered(get().filter)) ?? null });
      // The progress stays until the status shows where the seek ended (the status line's place).
      await refresh(event > at ? at : undefined);
    } finally {
      shown?.();
    }
  }

  /** Publishes `seeking` now and every SEEK_PROGRESS_MS until the returned function is called. */
  function showSeekProgress(runtime: Runtime, from: number, target: number): () => void {
    set({ seeking: { from, done: from, target } });
    const timer = setInterval(() => {
      // Before the restore the run is still where it was (maybe past the target): clamp.
      const done = Math.min(target, Math.max(from, runtime.position().eventIndex));
      if (get().seeking?.done !== done) set({ seeking: { from, done, target } });
    }, SEEK_PROGRESS_MS);
    return () => {
      clearInterval(timer);
      set({ seeking: null });
    };
  }

  /**
   * Runs in chunks until a record matches (or the limit), refreshing between chunks. Returns the
   * record that matched, or null.
   */
  async function runUntil(
    label: string,
    match: (r: TraceRecord) => boolean,
    what: string,
  ): Promise<TraceRecord | null> {
    const s = session!;
    const token = ++runToken;
    const stopAt = s.run.status().time + RUN_UNTIL_LIMIT_US;
    let found: TraceRecord | null = null;
    set({ activity: label, playing: false });
    try {
      for (;;) {
        const before = book.count;
        // The clock stays at the last event run: a seek to this event shows the same time.
        const st = await s.run.run({
          until: match,
          maxEvents: RUN_UNTIL_CHUNK,
          time: stopAt,
          holdClock: true,
        });
        found = s.runtime.records(before).find(match) ?? null;
        await refresh();
        if (found || token !== runToken) break;
        if (st.pending === 0 || st.nextTime === null || st.nextTime > stopAt) {
          set({
            notice:
              st.pending === 0
                ? `no ${what}: the run ended`
                : `no ${what} within ${RUN_UNTIL_LIMIT_US / 1e6} s of virtual time; stopped at the last event before`,
          });
          break;
        }
        await nextFrame();
      }
    } finally {
      // However it ended (a match, Stop, a step, another scenario opened): what comes next runs
      // after this (exclusive), so nothing else is running to be shown.
      set({ activity: null });
    }
    if (token === runToken) await readyStepBack(s);
    return found;
  }

  /**
   * Plays until paused or the queue runs dry, in turns. A turn runs chunks of events sized by the
   * pacer until its time budget is used (awaiting a chunk yields the main thread: the runtime is
   * Workers) or the speed's share of events or virtual time is done. Then, at most once per frame,
   * it shows the status, packets, phases and trace; the node views at most every VIEWS_EVERY_MS
   * (every event at the event-by-event speeds), and always when the play stops. A turn with more to
   * do lets the browser in (a task boundary: input, a frame when one is due) and goes on; one whose
   * share is done waits for the next frame.
   */
  async function playLoop(token: number): Promise<void> {
    const s = session;
    if (!s) return;
    let last = performance.now();
    let owed = 0;
    let viewsAt = Number.NEGATIVE_INFINITY;
    let paintedAt = Number.NEGATIVE_INFINITY;
    while (get().playing && token === runToken && session === s) {
      const now = performance.now();
      const dt = Math.min(now - last, 100) / 1000;
      last = now;
      const speed = speedById(get().speed);
      let idle = true;
      await exclusive(async () => {
        if (token !== runToken || session !== s) return;
        // The speed's share: a number of events, or a virtual time to reach, or all it can.
        let cap = Number.POSITIVE_INFINITY;
        let until: number | undefined;
        if (speed.eventsPerSecond) {
          owed += speed.eventsPerSecond * dt;
          cap = Math.floor(owed);
          owed -= cap;
        } else if (speed.rate !== Number.POSITIVE_INFINITY)
          until = Math.round(s.run.status().time + (speed.rate ?? 0.1) * dt * 1e6);
        let ran = 0;
        let shareDone = false;
        for (;;) {
          if (token !== runToken || ran >= cap) {
            shareDone = ran >= cap;
            break;
          }
          const n = Math.min(pacer.next(now + pacer.budgetMs - performance.now()), cap - ran);
          if (n <= 0) break;
          const t0 = performance.now();
          const from = s.run.status().eventIndex;
          // The event-by-event speeds count exactly; the others take whole lookahead windows
          // (loose: a chunk may end a few events past n).
          const loose = !speed.eventsPerSecond;
          const st =
            until === undefined
              ? await s.run.run({ maxEvents: n, loose })
              : await s.run.run({ time: until, maxEvents: n, loose });
          const done = st.eventIndex - from;
          pacer.record(done, performance.now() - t0);
          ran += done;
          // Fewer than asked: the virtual time is reached or the queue ran dry.
          if (done < n || st.pending === 0) {
            shareDone = true;
            break;
          }
        }
        idle = shareDone;
        const t = performance.now();
        const busy = !shareDone && ran > 0;
        const full = viewsDue({
          eventPaced: speed.eventsPerSecond !== undefined,
          busy,
          ran,
          stale: viewsStale || ran > 0,
          msSinceViews: t - viewsAt,
          stopping: token !== runToken || s.run.status().pending === 0,
        });
        if (full) {
          await refresh();
          viewsAt = paintedAt = performance.now();
        } else if (t - paintedAt >= (busy ? PAINT_EVERY_MS_BUSY : PAINT_EVERY_MS)) {
          refreshLight();
          paintedAt = t;
        }
        if (s.run.status().pending === 0) set({ playing: false });
      });
      await (idle ? nextFrame() : nextTask());
    }
    // Paused (or stopped) between two turns after a light refresh: show the views as they are.
    if (viewsStale && session === s)
      await exclusive(async () => (viewsStale && session === s ? refresh() : undefined));
    await exclusive(() => readyStepBack(s));
  }

  /**
   * After a play or a run stopped: makes a step back from here quick (Runtime.readyStepBack:
   * checkpoints are sparse while playing a big sysplex). Shows nothing new: the records it replays
   * are the ones shown already, not a step. Skipped when the user plays on meanwhile. Runs inside
   * exclusive().
   */
  async function readyStepBack(s: Session): Promise<void> {
    if (session !== s || get().playing) return;
    await s.runtime.readyStepBack();
    book.takeStep();
  }

  /** A fresh session for a scenario, loaded at event 0. */
  async function open(scenario: Scenario): Promise<void> {
    session?.dispose();
    dualSince.clear();
    viewsStale = false;
    const b = new TraceBook(
      (from, to) => session?.runtime.records(from, to) ?? [],
      () => session?.runtime.firstRecord() ?? 0,
    );
    book = b;
    session = openSession(scenario, (e) => {
      if (book !== b) return;
      if (e.type === 'records') b.append(e.records);
      else if (e.type === 'truncate') b.truncate(e.count);
      else b.skip(e.count);
    });
    set({
      scenario,
      ready: false,
      horizon: 0,
      samples: [],
      flights: [],
      invariantBreaks: {},
      selectedRecord: null,
      selectedNode: null,
      tablePages: {},
      filter: NO_FILTER,
      error: null,
      inputProblem: null,
    });
    pacer = pacerFor(session.runtime.mode);
    await session.run.load(scenario);
  }

  const stopRunning = () => {
    runToken++;
    set({ playing: false, notice: null });
  };

  return {
    scenario: defaultPreset,
    inputProblem: null,
    restoring: null,
    seeking: null,
    ready: false,
    activity: null,
    status: EMPTY_STATUS,
    horizon: 0,
    stacks: {},
    views: {},
    tablePages: {},
    flights: [],
    cfOps: [],
    phases: [],
    faults: [],
    samples: [],
    invariants: [],
    invariantBreaks: {},
    checkpoints: NO_CHECKPOINTS,
    trace: { count: 0, total: 0, filteredTotal: 0, filteredCount: 0, firstKept: 0, version: 0 },
    filter: NO_FILTER,
    selectedNode: null,
    selectedRecord: null,
    panel: 'Metrics',
    table: 'VIPADYN',
    playing: false,
    speed: DEFAULT_SPEED,
    phaseTarget: 'any',
    error: null,
    notice: null,
    theme: 'light',

    loadScenario: (scenario) => {
      stopRunning();
      return exclusive(async () => {
        await open(scenario);
        // The first screen shows the sysplex up (initialisation, Fig. 10, is done by then); seeking
        // back to event 0 replays it step by step.
        await session!.run.run({ time: STARTUP_US, holdClock: true });
        await refresh();
        set({ ready: true });
      });
    },

    openDocument: (doc) => {
      stopRunning();
      const token = runToken;
      return exclusive(async () => {
        await open(doc.scenario);
        const view = doc.view;
        if (!view) {
          await session!.run.run({ time: STARTUP_US, holdClock: true });
          await refresh();
          set({ ready: true });
          return;
        }
        const s = session!;
        const target = view.eventIndex;
        set({ restoring: { done: 0, target }, activity: `replaying the run to event ${target}…` });
        const began = performance.now();
        const first = s.run.status().eventIndex;
        try {
          while (token === runToken) {
            const at = s.run.status().eventIndex;
            if (at >= target) break;
            const pinned = s.run.timeline.find((f) => f.afterEvent !== undefined && f.afterEvent > at);
            // The last event runs alone, so the moment shows its own packets and CF operations
            // ("this step"), as after stepping to it, not the whole last chunk's.
            const stopAt = Math.min(
              at < target - 1 ? target - 1 : target,
              at + RESTORE_CHUNK,
              pinned?.afterEvent ?? Number.POSITIVE_INFINITY,
            );
            let st: RuntimeStatus;
            if (pinned && stopAt === pinned.afterEvent) {
              // An act is pinned after `afterEvent` events at the clock it had then (`atUs`), which
              // may be past the last event (a run to a time moves the clock). ScenarioRun injects it
              // at the clock of the replay, so run up to it here and move the clock as the run did.
              // (Not needed once ScenarioRun.applyDue moves the clock for pinned faults itself.)
              if (stopAt - at > 1) await s.run.run({ maxEvents: stopAt - at - 1 });
              st = await s.runtime.run({ maxEvents: stopAt - s.run.status().eventIndex });
              if (st.time < pinned.atUs && (st.nextTime === null || st.nextTime > pinned.atUs))
                st = await s.runtime.run({ time: pinned.atUs });
              st = await s.run.run({ maxEvents: 0 });
            } else st = await s.run.run({ maxEvents: stopAt - at });
            await refresh();
            const eta = replayEta(st.eventIndex - first, target - first, performance.now() - began);
            set({
              restoring: { done: st.eventIndex, target },
              activity: `replaying the run: event ${st.eventIndex} of ${target}${eta ? `, ${eta}` : ''}…`,
            });
            if (st.eventIndex === at) break; // nothing left to run
            if (st.time > RESTORE_LIMIT_US) break; // a moment no document can name (momentIssues)
            await nextFrame();
          }
          if (token === runToken) await readyStepBack(s);
        } finally {
          set({ restoring: null, activity: null });
        }
        const record = view.selectedRecord === undefined ? undefined : book.record(view.selectedRecord);
        const issues = token === runToken ? momentIssues(doc, s.run.status(), record, book.count) : [];
        set({
          ...(issues.length
            ? {
                inputProblem: {
                  title: `The shared moment is not in this run; it opened at event ${s.run.status().eventIndex}.`,
                  issues: issues.map(formatIssue),
                },
              }
            : {}),
          ready: true,
          selectedNode: view.selectedNode ?? null,
          selectedRecord: record && !issues.some((i) => i.path === 'view.selectedRecord') ? record : null,
          // Links made before panels were shared: the record's inspector, else the node's tables.
          panel: view.panel ?? (record ? 'Inspector' : view.selectedNode ? 'Node' : get().panel),
          table: view.table ?? get().table,
        });
      });
    },

    currentDocument: () => {
      const st = get();
      const scenario = session ? session.run.scenario : st.scenario;
      return scenarioDocument(scenario, {
        eventIndex: st.status.eventIndex,
        ...(st.selectedNode ? { selectedNode: st.selectedNode } : {}),
        ...(st.selectedRecord ? { selectedRecord: st.selectedRecord.index } : {}),
        panel: st.panel,
        table: st.table,
      });
    },

    captureSoFar: async () => {
      let out: Capture | null = null;
      await exclusive(async () => {
        if (session) out = await captureRun(session.runtime);
      });
      return out;
    },

    showInputProblem: (p) => set({ inputProblem: p }),
    dismissInputProblem: () => set({ inputProblem: null }),

    step: () => {
      stopRunning();
      return exclusive(async () => {
        await session!.run.step(1);
        await refresh();
      });
    },

    stepBack: () => {
      stopRunning();
      return exclusive(async () => {
        const at = session!.run.status().eventIndex;
        if (at > 0) await seekTo(at - 1);
      });
    },

    nextPacket: () => {
      stopRunning();
      return exclusive(async () => {
        const packet = await runUntil(
          'running to the next packet…',
          (r) => r.kind === 'frame',
          'packet came',
        );
        // As a click on its row: the Inspector shows the packet stepped to.
        if (packet) set({ selectedRecord: packet, panel: 'Inspector' });
      });
    },

    runToPhase: () => {
      stopRunning();
      const target = get().phaseTarget;
      return exclusive(async () => {
        await runUntil(
          `running to ${target === 'any' ? 'the next phase' : target.replace('-', ' ')}…`,
          phasePredicate(target, book.sawPhaseNotes),
          target === 'any' ? 'phase came' : `${target.replace('-', ' ')} came`,
        );
      });
    },

    play: () => {
      if (get().playing || !session) return;
      const token = ++runToken;
      set({ playing: true, activity: null });
      void playLoop(token);
    },
    pause: () => {
      stopRunning();
      // Before whatever the user does next (a step back, most likely).
      const s = session;
      if (s) void exclusive(() => readyStepBack(s));
    },
    togglePlay: () => (get().playing ? get().pause() : get().play()),
    setSpeed: (id) => set({ speed: speedById(id).id }),
    setPhaseTarget: (t) => set({ phaseTarget: t }),

    seek: (event) => {
      stopRunning();
      // A click on the timeline while a far seek replays means "go there instead", not "then".
      if (get().seeking) session?.runtime.stopSeek();
      return exclusive(() => seekTo(Math.max(0, Math.round(event))));
    },

    stopSeek: () => session?.runtime.stopSeek(),

    act: (node, action) => {
      stopRunning();
      // Killing a stack that is down, or restarting one that runs, would branch the timeline for
      // nothing (a restart of a running stack crashes it first): say so instead.
      const refused = refusal(node, action, get().stacks[node]?.up);
      if (refused) {
        set({ notice: refused });
        return Promise.resolve();
      }
      return exclusive(async () => {
        const s = session!;
        const at = s.run.status().eventIndex;
        const later = get().horizon - at;
        await s.run.act({ node, action });
        // The act is queued behind the events of this instant; run to it so the node shows it now.
        await s.run.run({
          until: (r) => r.kind === 'control' && r.node === node && r.summary.endsWith(action),
          maxEvents: 2_000,
        });
        // The timeline branches here: what was remembered beyond this point is another story.
        book.dropFuture();
        set({
          horizon: s.run.status().eventIndex,
          notice:
            later > 0
              ? `the timeline branches at event ${at}: its ${later.toLocaleString('en-US')} later events are gone`
              : null,
        });
        await refresh();
      });
    },

    selectNode: (id) => {
      if (id) set({ panel: 'Node' });
      if (id === get().selectedNode) return;
      set({ selectedNode: id });
      // Its views' table rows: read now (while playing, the next refresh would bring them anyway).
      if (id && session) void exclusive(refresh);
    },

    showTablePage: (node, table, from) => {
      const pages = get().tablePages;
      set({ tablePages: { ...pages, [node]: { ...pages[node], [table]: Math.max(0, Math.floor(from)) } } });
      return exclusive(() => (session ? refresh() : Promise.resolve()));
    },

    showPanel: (panel) => set({ panel }),
    showTable: (table) => set({ table }),

    selectRecord: (index) => {
      const r = book.record(index);
      if (!r) return Promise.resolve();
      set({ selectedRecord: r, panel: 'Inspector' });
      // The moment of a record is right after its event ran.
      if (session && session.run.status().eventIndex !== r.event + 1) return get().seek(r.event + 1);
      return Promise.resolve();
    },

    setFilter: (f) => {
      book.setFilter(f);
      set({ filter: f, trace: traceInfo() });
    },

    rows: (from, to) => book.rows(from, to, isFiltered(get().filter)),
    rowOf: (index) => book.rowOf(index, isFiltered(get().filter)),
    dropOf: (record) => (record.kind === 'frame' ? (book.dropAfter(record) ?? null) : null),
    dismissError: () => set({ error: null }),
    setTheme: (theme) => set({ theme }),
  };
});
