// Security associations as the stack views will carry them (the IPsec work is landing now): read
// generically so the Phase 1 / Phase 2 tab, the node counters and the inspector's key lookup light
// up as soon as the views have them. Accepted shapes: an array or a by-id record of rows under
// `phase1` / `phase1Sas` / `ikeSas` and `phase2` / `phase2Sas` / `childSas`, at the top level of
// the view or under `ipsec` / `ike`.

export type SaRow = Record<string, unknown>;

const PHASE1_KEYS = ['phase1', 'phase1Sas', 'ikeSas'];
const PHASE2_KEYS = ['phase2', 'phase2Sas', 'childSas'];
const NESTS = ['ipsec', 'ike'];

function rowsOf(v: unknown): SaRow[] {
  if (Array.isArray(v)) return v.filter((x): x is SaRow => !!x && typeof x === 'object');
  if (v && typeof v === 'object')
    return Object.values(v).filter((x): x is SaRow => !!x && typeof x === 'object');
  return [];
}

/** The rows under the first of `keys` the state has, or null when it has none of them. */
function findTable(state: unknown, keys: string[]): SaRow[] | null {
  if (!state || typeof state !== 'object') return null;
  const s = state as Record<string, unknown>;
  const scopes = [s, ...NESTS.map((n) => s[n]).filter((x) => x && typeof x === 'object')] as Record<
    string,
    unknown
  >[];
  for (const scope of scopes) for (const k of keys) if (k in scope) return rowsOf(scope[k]);
  return null;
}

const find = (state: unknown, keys: string[]): SaRow[] => findTable(state, keys) ?? [];

export function phase1Sas(state: unknown): SaRow[] {
  return find(state, PHASE1_KEYS);
}

export function phase2Sas(state: unknown): SaRow[] {
  return find(state, PHASE2_KEYS);
}

/** One SA direction's decryption info as found in a view row. */
export interface FoundKey {
  spi: number;
  keyMaterial: Uint8Array;
}

const SPI_KEYS: [spi: string, key: string][] = [
  ['spi', 'keyMaterial'],
  ['inboundSpi', 'inboundKey'],
  ['outboundSpi', 'outboundKey'],
  ['spiIn', 'keyIn'],
  ['spiOut', 'keyOut'],
  ['inboundSpi', 'inboundKeyMaterial'],
  ['outboundSpi', 'outboundKeyMaterial'],
];

function toSpi(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v >>> 0;
  if (typeof v === 'string') {
    const n = Number.parseInt(v.replace(/^0x/i, ''), 16);
    return Number.isFinite(n) ? n >>> 0 : null;
  }
  return null;
}

function toBytes(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string' && /^[0-9a-f]+$/i.test(v) && v.length % 2 === 0) {
    const out = new Uint8Array(v.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(v.slice(i * 2, i * 2 + 2), 16);
    return out;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return Uint8Array.from(v);
  return null;
}

/** Every (SPI, key material) pair the phase 2 rows of these stack views reveal. */
export function collectEspKeys(states: readonly unknown[]): Map<number, Uint8Array> {
  return keysOf(states.flatMap(phase2Sas));
}

function keysOf(rows: readonly SaRow[]): Map<number, Uint8Array> {
  const keys = new Map<number, Uint8Array>();
  for (const row of rows)
    for (const [spiKey, keyKey] of SPI_KEYS) {
      const spi = toSpi(row[spiKey]);
      const km = toBytes(row[keyKey]);
      if (spi !== null && km) keys.set(spi, km);
    }
  return keys;
}

/** SK_ei / SK_er of every IKE SA the phase 1 rows reveal, by "spiI/spiR" (hex). */
export function collectIkeKeys(
  states: readonly unknown[],
): Map<string, { skEi: Uint8Array; skEr: Uint8Array }> {
  const keys = new Map<string, { skEi: Uint8Array; skEr: Uint8Array }>();
  for (const st of states)
    for (const row of phase1Sas(st)) {
      const skEi = toBytes(row.skEi);
      const skEr = toBytes(row.skEr);
      if (typeof row.spiI === 'string' && typeof row.spiR === 'string' && skEi && skEr)
        keys.set(`${row.spiI.toLowerCase()}/${row.spiR.toLowerCase()}`, { skEi, skEr });
    }
  return keys;
}

/**
 * The ESP keys to open a frame that arrived at `node` with. An IPsec endpoint (a view with a phase
 * 2 table: a stack, a client) checked it with its own inbound SAs only, so only those: a packet it
 * held no SA for shows "no SA", never a check that passed with some other node's key. A node on
 * the path (the router) checks nothing: every stack's keys show what the packet carries.
 */
export function espKeysAt(
  views: Readonly<Record<string, { kind: string; state: unknown }>>,
  node: string,
): Map<number, Uint8Array> {
  const own = findTable(views[node]?.state, PHASE2_KEYS);
  if (own) return keysOf(own.filter((r) => r.dir === undefined || r.dir === 'in'));
  return collectEspKeys(
    Object.values(views)
      .filter((v) => v.kind === 'stack')
      .map((v) => v.state),
  );
}
