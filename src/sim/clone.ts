// structuredClone exists in Node, browsers and Workers, but the DOM-free core build does not declare
// it; reach it through globalThis with the one signature the kernel uses.
const sc = (globalThis as unknown as { structuredClone: <T>(value: T) => T }).structuredClone;

export function deepClone<T>(value: T): T {
  return sc(value);
}

/**
 * A rough size in bytes of what deepClone(value) allocates, for bounding checkpoint memory: typed
 * arrays by their bytes, strings by 2 bytes a character, and a fixed overhead per object, array,
 * Map and Set entry (V8's real layout varies; this is for budgets, not accounting).
 */
export function estimateBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 16 + 2 * value.length;
    case 'object': {
      if (value === null) return 8;
      if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
      if (value instanceof ArrayBuffer) return 32 + value.byteLength;
      if (Array.isArray(value)) {
        let n = 16 + 8 * value.length;
        for (const v of value) if (typeof v === 'object' || typeof v === 'string') n += estimateBytes(v);
        return n;
      }
      if (value instanceof Map) {
        let n = 64;
        for (const [k, v] of value) n += 24 + estimateBytes(k) + estimateBytes(v);
        return n;
      }
      if (value instanceof Set) {
        let n = 64;
        for (const v of value) n += 16 + estimateBytes(v);
        return n;
      }
      let n = 32;
      for (const k in value) n += 16 + estimateBytes((value as Record<string, unknown>)[k]);
      return n;
    }
    default:
      return 8;
  }
}
