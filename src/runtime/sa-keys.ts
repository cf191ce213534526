import type { GcmCipher } from '../ipsec/ike/suites';
import type { IkeSaKeyExport } from '../ipsec/ike/wireshark';
import type { QueuedInput } from '../sim/events';
import type { NodeView } from '../sim/host';
import type { ViewOptions } from '../sim/view-page';
import { fromHex, toHex } from '../wire/bytes';
import type { EspSaExport } from '../wire/esp-sa-export';
import { frameClass } from './capture';

// The keys of a run's SAs, for the capture's key files (capture.ts): read from node views, and
// gathered by the runtimes as they run (every SA a node ever held since the world was loaded), so
// that SAs gone by the end — a crashed stack's, a takeover's deleted at the takeback — still
// decrypt the packets they protected. The CLI and the browser read them the same way
// (Runtime.keys()).

export interface KeyExports {
  esp: EspSaExport[];
  ike: IkeSaKeyExport[];
}

// The shape of a node view's SA lists (stack and peer views, `ipsec`: src/nodes/ipsec-host/view.ts):
// byte fields as hex strings, keys included for exactly this export.
interface ViewPhase1 {
  spiI: string;
  spiR: string;
  cipher: string;
  /** SK_ei / SK_er ‖ salt (RFC 5282 §7.1); null before the keys exist. */
  skEi: string | null;
  skEr: string | null;
}
interface ViewPhase2 {
  spi: string;
  dir: 'in' | 'out';
  local: string;
  remote: string;
  keyMaterial: string;
}

const GCM = new Set<string>(['aes-gcm-16-128', 'aes-gcm-16-256']);
const NO_KEY = new Uint8Array(0);
const str = (v: unknown): v is string => typeof v === 'string';

function espExport(e: Partial<ViewPhase2>): EspSaExport | null {
  if (!str(e.spi) || !str(e.local) || !str(e.remote) || !str(e.keyMaterial)) return null;
  const keyMaterial = fromHex(e.keyMaterial);
  const spi = Number.parseInt(e.spi, 16);
  if (!keyMaterial || !Number.isFinite(spi)) return null;
  // The SA's direction gives the outer addresses of the packets it protects.
  const [src, dst] = e.dir === 'in' ? [e.remote, e.local] : [e.local, e.remote];
  return { src, dst, spi, keyMaterial };
}

function ikeExport(e: Partial<ViewPhase1>): IkeSaKeyExport | null {
  if (!str(e.spiI) || !str(e.spiR) || !str(e.skEi) || !str(e.skEr) || !str(e.cipher) || !GCM.has(e.cipher))
    return null;
  const [spiI, spiR, skEi, skEr] = [e.spiI, e.spiR, e.skEi, e.skEr].map(fromHex);
  if (!spiI || !spiR || !skEi || !skEr) return null;
  // AES-GCM: no integrity keys; the other keys are not part of the table.
  const keys = { skD: NO_KEY, skAi: NO_KEY, skAr: NO_KEY, skEi, skEr, skPi: NO_KEY, skPr: NO_KEY };
  return { spiI, spiR, cipher: e.cipher as GcmCipher, keys };
}

const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];

/**
 * The one place that knows where node views keep SA key material: `state.ipsec.phase1` and
 * `state.ipsec.phase2` of stack and peer views. Views without them give nothing; malformed
 * entries are skipped rather than breaking an export.
 */
export function viewKeys(view: NodeView): KeyExports {
  const ipsec = (view.state as { ipsec?: { phase1?: unknown; phase2?: unknown } } | null)?.ipsec;
  return {
    esp: list(ipsec?.phase2).flatMap((e) => espExport(e) ?? []),
    ike: list(ipsec?.phase1).flatMap((e) => ikeExport(e) ?? []),
  };
}

/**
 * Keys gathered from views taken during a run, each SA once (both ends report it): an SA replaced
 * by a renegotiation or lost with its node leaves the views, while the capture still holds the
 * packets it protected. The runtimes add a node's view after each event that may bring keys
 * (bringsKeys).
 */
export class KeyCollector {
  private readonly esp = new Map<string, EspSaExport>();
  private readonly ike = new Map<string, IkeSaKeyExport>();

  add(views: readonly NodeView[]): void {
    for (const v of views) {
      const k = viewKeys(v);
      for (const e of k.esp) this.esp.set(`${e.src} ${e.dst} ${e.spi >>> 0}`, e);
      for (const e of k.ike) this.ike.set(`${toHex(e.spiI)} ${toHex(e.spiR)}`, e);
    }
  }

  clear(): void {
    this.esp.clear();
    this.ike.clear();
  }

  /**
   * In key order, not the order they were met: the runtimes meet them in different orders (the pool
   * a window at a time), and the key files must be the same whichever ran.
   */
  get keys(): KeyExports {
    return { esp: inKeyOrder(this.esp), ike: inKeyOrder(this.ike) };
  }
}

function inKeyOrder<T>(m: ReadonlyMap<string, T>): T[] {
  return [...m.keys()].sort().map((k) => m.get(k)!);
}

/** Every node's keys in these views, each SA once. */
export function collectKeys(views: readonly NodeView[]): KeyExports {
  const c = new KeyCollector();
  c.add(views);
  return c.keys;
}

/** The view a runtime takes for the keys: only the SA lists (whole in every view). */
export const KEY_VIEW: ViewOptions = { rows: 0, from: {}, only: 'ipsec' };

/**
 * An IKE message arriving at a node: the only input after which it can hold keys it did not hold
 * before. IKE SA keys are derived on receiving IKE_SA_INIT, Child SA keys on receiving IKE_AUTH or
 * CREATE_CHILD_SA (RFC 7296 §2.14, §2.17); timers and other frames only start exchanges or delete
 * SAs. So a view after each such event sees every SA any node ever held.
 */
export function bringsKeys(input: QueuedInput): boolean {
  return input.type === 'frame' && frameClass(input.frame) === 'ike';
}
