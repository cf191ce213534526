import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import { ScenarioRun } from '../runtime/scenario-run';
import { stateSpyingRegistry } from '../runtime/test-support';
import { figure9 } from '../scenario/presets/figure9';
import { cloneCounted, cloneSharing, deepClone } from './clone';

// The fast copies must be exact as trees: what the actor code can observe of a copy is what it would
// observe of structuredClone's (key order, -0, NaN, holes, typed array layout, null prototypes),
// except that a part reachable twice is copied twice, and a copy shares nothing mutable with its
// source. Real states share parts only where nothing writes them (checked below on real runs).

/**
 * Everything observable of a value, as comparable data. With `met`, a part met again is
 * ['again', n] (sharing counts); without, every place shows the part in full (a tree).
 */
function shape(v: unknown, met: Map<object, number> | null = new Map()): unknown {
  const again = (o: object) => {
    if (!met) return undefined;
    const n = met.get(o);
    if (n !== undefined) return ['again', n];
    met.set(o, met.size);
    return undefined;
  };
  const bufferId = (b: ArrayBufferLike) => again(b) ?? ['buffer', [...new Uint8Array(b)]];
  if (typeof v === 'object' && v !== null) {
    const a = again(v);
    if (a) return a;
  }
  switch (typeof v) {
    case 'number':
      return ['number', Object.is(v, -0) ? '-0' : String(v)];
    case 'bigint':
      return ['bigint', String(v)];
    case 'undefined':
      return ['undefined'];
    case 'object': {
      if (v === null) return ['null'];
      if (ArrayBuffer.isView(v)) {
        const n = (v as { length?: number }).length ?? v.byteLength;
        return ['view', v.constructor.name, v.byteOffset, n, bufferId(v.buffer)];
      }
      if (v instanceof ArrayBuffer) return bufferId(v);
      if (v instanceof Map) return ['map', [...v].map(([k, x]) => [shape(k, met), shape(x, met)])];
      if (v instanceof Set) return ['set', [...v].map((x) => shape(x, met))];
      if (v instanceof Date) return ['date', v.getTime()];
      if (Array.isArray(v)) {
        const items: unknown[] = [];
        for (let i = 0; i < v.length; i++) items.push(i in v ? shape(v[i], met) : ['hole']);
        return ['array', Object.getPrototypeOf(v) === Array.prototype, items];
      }
      const proto = Object.getPrototypeOf(v);
      return [
        'object',
        proto === Object.prototype ? 'Object' : proto === null ? 'null' : 'other',
        Object.keys(v).map((k) => [k, shape((v as Record<string, unknown>)[k], met)]),
      ];
    }
    default:
      return [typeof v, v];
  }
}

/** Every container and buffer in a value. */
function parts(v: unknown, out = new Set<object>()): Set<object> {
  if (typeof v !== 'object' || v === null || out.has(v)) return out;
  out.add(v);
  if (ArrayBuffer.isView(v)) out.add(v.buffer);
  else if (v instanceof Map)
    for (const [k, x] of v) {
      parts(k, out);
      parts(x, out);
    }
  else if (v instanceof Set) for (const x of v) parts(x, out);
  else for (const k of Object.keys(v)) parts((v as Record<string, unknown>)[k], out);
  return out;
}

function sharesNothing(a: unknown, b: unknown): boolean {
  const pa = parts(a);
  for (const p of parts(b)) if (pa.has(p)) return false;
  return true;
}

// Generated trees hold references `['@ref', i, kind, a, b]` turned into views of a pool of buffers,
// or into pooled objects and arrays, when materialised: several places can hold one part, as in
// real states.
const REF = '@ref';
const key = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 3 }) },
  fc.constantFrom('__proto__', 'constructor', 'length', '0', '10', 'toString'),
);
const leaf = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.uint8Array({ maxLength: 12 }),
  fc.uint32Array({ maxLength: 3 }),
  fc.date({ noInvalidDate: true }),
  fc.tuple(fc.constant(REF), fc.nat(3), fc.constantFrom('u8', 'u32', 'dv', 'whole'), fc.nat(3), fc.nat(3)),
);
const tree = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.sparseArray(tie('value'), { maxLength: 6, maxNumElements: 3 }),
    fc
      .array(fc.tuple(fc.oneof(fc.string({ maxLength: 2 }), fc.integer()), tie('value')), { maxLength: 3 })
      .map((e) => new Map(e)),
    fc.array(fc.oneof(fc.string({ maxLength: 2 }), fc.integer()), { maxLength: 4 }).map((e) => new Set(e)),
  ),
})).value;

interface Pool {
  buffers: ArrayBuffer[];
  objects: object[];
  arrays: unknown[][];
}

/** Pooled parts, all alike (16-byte buffers of the same bytes); `distinct` of each kind. */
function pool(bytes: Uint8Array, distinct: number): Pool {
  const n = Array.from({ length: distinct }, (_, i) => i);
  return {
    buffers: n.map(() => {
      const b = new Uint8Array(16);
      b.set(bytes.subarray(0, 16));
      return b.buffer;
    }),
    objects: n.map(() => ({ peer: 'x', ids: [1, 2] })),
    arrays: n.map(() => [bytes[0], 'y']),
  };
}

function materialise(t: unknown, p: Pool): unknown {
  if (typeof t !== 'object' || t === null) return t;
  // Fresh leaves: two values materialised from one tree share only the pool's parts.
  if (t instanceof Date) return new Date(t.getTime());
  if (ArrayBuffer.isView(t)) return (t as Uint8Array).slice();
  if (Array.isArray(t)) {
    if (t[0] === REF && t.length === 5) {
      const [, i, kind, a, b] = t as [string, number, string, number, number];
      const buf = p.buffers[i % p.buffers.length]!;
      if (kind === 'object') return p.objects[i % p.objects.length];
      if (kind === 'array') return p.arrays[i % p.arrays.length];
      if (kind === 'u8') return new Uint8Array(buf, a, b + 1);
      if (kind === 'u32') return new Uint32Array(buf, 4 * a, Math.min(b, 3 - a) + 1);
      if (kind === 'dv') return new DataView(buf, a, b);
      return new Uint8Array(buf);
    }
    const out: unknown[] = [];
    for (let i = 0; i < t.length; i++)
      if (i in t) out[i] = materialise(t[i], p);
      else out.length = i + 1;
    return out;
  }
  if (t instanceof Map) return new Map([...t].map(([k, x]) => [k, materialise(x, p)]));
  if (t instanceof Set) return new Set(t);
  const out = Object.create(Object.getPrototypeOf(t)) as Record<string, unknown>;
  for (const k of Object.keys(t))
    Object.defineProperty(out, k, {
      value: materialise((t as Record<string, unknown>)[k], p),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  return out;
}

/** The copy is v's structuredClone as a tree, and a tree itself (no part in two places). */
function expectCopyOf(copy: unknown, v: unknown): void {
  expect(shape(copy, null)).toEqual(shape(structuredClone(v), null));
  expect(JSON.stringify(shape(copy))).not.toContain('"again"');
}

const value = fc
  .record({
    t: tree,
    bytes: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    distinct: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ t, bytes, distinct }) => ({ t, bytes, v: materialise(t, pool(bytes, distinct)) }));

/** One edit somewhere in a value (which container by `at`), so a base differs from the value a little. */
function edit(root: unknown, at: number, how: number, n: number): void {
  const all = [...parts(root)].filter((p) => !(p instanceof ArrayBuffer));
  if (!all.length) return;
  const p = all[at % all.length]!;
  if (ArrayBuffer.isView(p)) {
    const u = new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
    if (u.length) u[0] = u[0]! ^ (1 + (n & 0x7f));
  } else if (p instanceof Map) p.set(`k${n}`, n);
  else if (p instanceof Set) p.add(`s${n}`);
  else if (Array.isArray(p)) {
    if (how % 4 === 0) p[0] = n;
    else if (how % 4 === 1) p.push(n);
    else if (how % 4 === 2) p.pop();
    else p[0] = Object.is(p[0], -0) ? 0 : -0;
  } else {
    const o = p as Record<string, unknown>;
    // An own data property even for the key '__proto__' (assignment would set the prototype).
    const put = (k: string, x: unknown) =>
      Object.defineProperty(o, k, { value: x, writable: true, enumerable: true, configurable: true });
    const first = Object.keys(o)[0];
    if (first === undefined || how % 4 === 3) put(`z${n}`, n);
    else if (how % 4 === 0) put(first, Object.is(o[first], n) ? `${n}` : n);
    else if (how % 4 === 1) delete o[first];
    else {
      // Same keys, new order.
      const x = o[first];
      delete o[first];
      put(first, x);
    }
  }
}

describe('deepClone', () => {
  it('copies what structuredClone copies (as a tree), sharing nothing with the source', () => {
    fc.assert(
      fc.property(value, ({ v }) => {
        const before = shape(v);
        const c = deepClone(v);
        expectCopyOf(c, v);
        expect(shape(v)).toEqual(before);
        expect(sharesNothing(v, c)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps subarray offsets into a copy of the whole buffer; a part held twice is copied twice', () => {
    const buf = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
    const v = { a: new Uint8Array(buf), b: new Uint8Array(buf, 2, 3), c: [new Uint32Array(buf, 4, 1)] };
    const c = deepClone(v);
    expect(c.b.byteOffset).toBe(2);
    expect(c.b.buffer.byteLength).toBe(8);
    expect([...new Uint8Array(c.c[0]!.buffer)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(c.a.buffer).not.toBe(c.b.buffer);
    c.b[0] = 99;
    expect(v.a[2]).toBe(3);
    const shared = { n: 1 };
    const t = deepClone({ x: shared, y: [shared] });
    expect(t.x).toEqual(t.y[0]);
    expect(t.x).not.toBe(t.y[0]);
  });

  it('refuses a cycle', () => {
    const loop: { self?: unknown } = {};
    loop.self = loop;
    expect(() => deepClone(loop)).toThrow(RangeError);
    expect(() => cloneSharing(loop, { self: {} })).toThrow(RangeError);
    expect(deepClone({ a: 1 })).toEqual({ a: 1 });
  });

  it('refuses functions and symbols, as structuredClone does', () => {
    expect(() => deepClone({ f: () => 1 })).toThrow(TypeError);
    expect(() => deepClone([Symbol('s')])).toThrow(TypeError);
  });

  it('counts bytes: more for more data, the same from both kinds of copy', () => {
    const small = cloneCounted({ a: [1, 2, 3] });
    const big = cloneCounted({ a: [1, 2, 3], b: new Uint8Array(1000), s: 'x'.repeat(100) });
    expect(small.bytes).toBeGreaterThan(0);
    expect(big.bytes).toBeGreaterThan(small.bytes + 1000 + 200);
    expect(cloneSharing({ a: [1, 2, 3] }, undefined).bytes).toBe(small.bytes);
  });
});

describe('cloneSharing', () => {
  it('is an exact copy whatever the base, leaving the base alone', () => {
    fc.assert(
      fc.property(value, value, ({ v }, { v: other }) => {
        // A base is always an earlier copy (a tree).
        const base = deepClone(other);
        const baseBefore = shape(base);
        const r = cloneSharing(v, base);
        expectCopyOf(r.value, v);
        expect(shape(base)).toEqual(baseBefore);
        expect(sharesNothing(v, r.value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is exact against a base that differs by a few edits, and shares the rest', () => {
    fc.assert(
      fc.property(
        value,
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.integer({ min: -3, max: 3 })), { maxLength: 3 }),
        ({ v }, edits) => {
          const base = deepClone(v);
          for (const [at, how, n] of edits) edit(base, at, how, n);
          const baseBefore = shape(base);
          const r = cloneSharing(v, base);
          expectCopyOf(r.value, v);
          expect(shape(base)).toEqual(baseBefore);
          expect(sharesNothing(v, r.value)).toBe(true);
          const full = cloneCounted(v).bytes;
          expect(r.bytes).toBeLessThanOrEqual(full);
          expect(r.total).toBe(full);
          const whole = [...parts(v)].some((x) => x instanceof Map || x instanceof Set || x instanceof Date);
          if (!edits.length && !whole) {
            expect(r.value).toBe(base);
            expect(r.bytes).toBe(0);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('tells 0 from -0 and reuses NaN', () => {
    const base = { a: -0, b: [0], c: Number.NaN };
    const r = cloneSharing({ a: 0, b: [-0], c: Number.NaN }, base);
    expect(Object.is(r.value.a, 0)).toBe(true);
    expect(Object.is(r.value.b[0], -0)).toBe(true);
    expect(r.value).not.toBe(base);
    expect(cloneSharing({ c: Number.NaN }, { c: Number.NaN }).bytes).toBe(0);
  });

  it('copies only the changed path of a big state', () => {
    const conns: Record<string, { seq: number; buf: Uint8Array; stats: { n: number } }> = {};
    for (let i = 0; i < 1000; i++) conns[`c${i}`] = { seq: i, buf: new Uint8Array(100), stats: { n: 0 } };
    const state = { conns, ticks: 0 };
    const first = cloneCounted(state);
    state.conns.c500!.stats.n++;
    state.ticks++;
    const next = cloneSharing(state, first.value);
    expect(next.value).toEqual(state);
    expect(next.value.conns.c499).toBe(first.value.conns.c499);
    expect(next.value.conns.c500!.buf).toBe(first.value.conns.c500!.buf);
    expect(next.value.conns.c500).not.toBe(first.value.conns.c500);
    expect(next.bytes).toBeLessThan(first.bytes / 20);
    expect(next.total).toBe(cloneCounted(state).bytes);
  });
});

describe('node states of real runs', () => {
  it('copy exactly as trees, and the parts they hold twice are never written (Figure 9, takeover, takeback)', async () => {
    // Every kind wrapped so the live state handed to handle() can be copied and compared.
    const live = new Map<string, unknown>();
    const registry = stateSpyingRegistry((node, s) => live.set(node, s));
    const rt = new InProcessRuntime(registry, { checkpointEvery: 500 });
    const run = new ScenarioRun(rt);
    await run.load({
      ...figure9,
      clients: figure9.clients.map((c) => ({ ...c, connections: 3 })),
      faults: [
        { atUs: 400_000, node: 'MVS1', action: 'kill' },
        { atUs: 1_200_000, node: 'MVS1', action: 'restart' },
      ],
    });
    const prev = new Map<string, unknown>();
    /** Parts a state holds in two places, with what they held when first seen. */
    const twice = new Map<object, { where: string; was: unknown }>();
    for (const t of [200_000, 700_000, 1_000_000, 1_600_000, 2_200_000]) {
      await run.run({ time: t });
      for (const [part, { where, was }] of twice) expect(shape(part, null), where).toEqual(shape(was, null));
      for (const [node, s] of live) {
        const want = shape(structuredClone(s), null);
        expect(shape(deepClone(s), null), node).toEqual(want);
        const r = cloneSharing(s, prev.get(node));
        expect(shape(r.value, null), node).toEqual(want);
        expect(sharesNothing(s, r.value)).toBe(true);
        prev.set(node, r.value);
        for (const [part, where] of heldTwice(s, node))
          if (!twice.has(part)) twice.set(part, { where, was: structuredClone(part) });
      }
    }
    expect(live.size).toBeGreaterThan(5);
    // The known case: an IKE SA holds its peer's config object, which the config's list holds too.
    expect([...twice.values()].some(({ where }) => /\.ike\.sas\..*peer/.test(where))).toBe(true);
    rt.dispose();
  });
});

/** Parts (containers, typed arrays by buffer) reachable twice in a value, with a path to each. */
function heldTwice(v: unknown, root: string): Map<object, string> {
  const seen = new Map<object, string>();
  const out = new Map<object, string>();
  const walk = (x: unknown, path: string) => {
    if (typeof x !== 'object' || x === null) return;
    const key = ArrayBuffer.isView(x) ? x.buffer : x;
    const at = seen.get(key);
    if (at !== undefined) {
      out.set(x, `${path} (also ${at})`);
      return;
    }
    seen.set(key, path);
    if (ArrayBuffer.isView(x)) return;
    if (x instanceof Map) for (const [k, y] of x) walk(y, `${path}.get(${String(k)})`);
    else if (x instanceof Set) for (const y of x) walk(y, `${path}.<item>`);
    else for (const k of Object.keys(x)) walk((x as Record<string, unknown>)[k], `${path}.${k}`);
  };
  walk(v, root);
  return out;
}
