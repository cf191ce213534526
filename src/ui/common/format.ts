// Small display helpers shared by the panels.

/** Virtual time in µs → "1.234567 s". */
export const seconds = (us: number) => `${(us / 1e6).toFixed(6)} s`;

/** Virtual time in µs → "1234.567 ms". */
export const millis = (us: number) => `${(us / 1000).toFixed(3)}`;

export const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
