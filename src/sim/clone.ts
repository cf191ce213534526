// structuredClone exists in Node, browsers and Workers, but the DOM-free core build does not declare
// it; reach it through globalThis with the one signature the kernel uses.
const sc = (globalThis as unknown as { structuredClone: <T>(value: T) => T }).structuredClone;

export function deepClone<T>(value: T): T {
  return sc(value);
}
