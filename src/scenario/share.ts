import { Inflate, strToU8, zlibSync } from 'fflate';
import { MAX_JSON_CHARS, parseJsonText } from './import-export';
import {
  canonicalDocument,
  type Issue,
  parseScenarioDocument,
  type Result,
  type ScenarioDocument,
} from './schema';

// The scenario and the view in a URL hash: `#s1=` + base64url(zlib(JSON)). zlib is DEFLATE (fflate,
// level 9) with a 2-byte header and an Adler-32 of the JSON, so a link cut short or altered is
// caught as such instead of turning into a different scenario. Decoding never trusts the input:
// the hash length is capped, inflation is streamed in small pieces and stops at a size cap (a
// deflate bomb never allocates much beyond it), and every failure is an Issue naming the part.

export const SHARE_PREFIX = 's1=';
/** Characters of a hash accepted at most (browsers allow about 2 MB of URL). */
export const MAX_HASH_CHARS = 1 << 20;
/** Bytes of JSON a link may inflate to. */
export const MAX_INFLATED_BYTES = MAX_JSON_CHARS;
/** Input pushed to the inflater at a time: DEFLATE expands at most ~1032×, so ≤ 264 KiB per push. */
const INFLATE_CHUNK = 256;

/** The hash (with its `#`) that reproduces this document: scenario, faults and view. */
export function encodeShareHash(doc: ScenarioDocument): string {
  const json = JSON.stringify(canonicalDocument(doc));
  return `#${SHARE_PREFIX}${toBase64Url(zlibSync(strToU8(json), { level: 9 }))}`;
}

/** A link field at the start of a hash: `name=`, as opposed to an anchor such as `#top`. */
const LINK_FIELD = /^([A-Za-z][A-Za-z0-9_-]{0,31})=/;

/**
 * The hash is meant for us: a `#name=` link field (ours is s1; another name is reported, not
 * ignored), as opposed to no hash or an anchor.
 */
export function isShareHash(hash: string): boolean {
  return LINK_FIELD.test(hash.startsWith('#') ? hash.slice(1) : hash);
}

/**
 * A hash (`location.hash`, with or without `#`) → the document. Never throws. Offsets count
 * characters of the hash as given.
 */
export function decodeShareHash(hash: string): Result<ScenarioDocument, Issue[]> {
  const fail = (path: string, message: string, offset?: number): Result<ScenarioDocument, Issue[]> => ({
    ok: false,
    error: [{ path, message, ...(offset === undefined ? {} : { offset }) }],
  });
  if (hash.length > MAX_HASH_CHARS)
    return fail('url', `the link is too long: ${hash.length} characters; at most ${MAX_HASH_CHARS}`);
  const start = hash.startsWith('#') ? 1 : 0;
  const field = LINK_FIELD.exec(hash.slice(start, start + 40))?.[1];
  if (!field)
    return fail('url', `not a scenario link: the part after # must start with "${SHARE_PREFIX}"`, start);
  const ours = SHARE_PREFIX.slice(0, -1);
  const version = /^s(\d+)$/.exec(field);
  if (/^s\d+$/i.test(field) && !version)
    return fail(
      `#${field}`,
      `the link field is "${field}"; it is written "${field.toLowerCase()}=" in lower case`,
      start,
    );
  if (!version)
    return fail(
      `#${field}`,
      `unknown link field "${field}": a scenario link is #${SHARE_PREFIX} and its data`,
      start,
    );
  if (field !== ours)
    return fail(
      'url',
      `the link is share format ${field} (made by another version of the emulator); this one reads ${ours}`,
      start,
    );
  const dataAt = start + SHARE_PREFIX.length;
  if (dataAt >= hash.length)
    return fail(
      `#${ours}`,
      `empty: the link field holds no scenario (a link is #${SHARE_PREFIX} and its data)`,
      dataAt,
    );
  const bytes = fromBase64Url(hash, dataAt);
  if (!bytes.ok) return fail('url.data', bytes.error.message, bytes.error.offset);
  const inflated = unzlibCapped(bytes.value, MAX_INFLATED_BYTES);
  if (!inflated.ok) return fail('url.data', inflated.error);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.value);
  } catch {
    return fail('url.data', 'the link decodes to bytes that are not UTF-8 text (garbled)');
  }
  const json = parseJsonText(text, 'url.json');
  if (!json.ok) return json;
  return parseScenarioDocument(json.value);
}

// --- base64url (RFC 4648 §5, no padding) ------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) s += ALPHABET[(n >>> (18 - 6 * k)) & 63];
  }
  return s;
}

/** Decodes `text` from `from` on; `=` padding at the end is tolerated. */
export function fromBase64Url(
  text: string,
  from = 0,
): Result<Uint8Array, { offset: number; message: string }> {
  let end = text.length;
  while (end > from && text[end - 1] === '=' && text.length - end < 2) end--;
  const n = end - from;
  // A stray character is reported where it is, before the length it throws off.
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || DECODE[c]! < 0)
      return {
        ok: false,
        error: { offset: i, message: `character ${i} (${JSON.stringify(text[i])}) is not base64url` },
      };
  }
  if (n % 4 === 1)
    return {
      ok: false,
      error: { offset: end, message: `cut short: ${n} characters cannot be base64url data` },
    };
  const out = new Uint8Array(Math.floor((n * 6) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = from; i < end; i++) {
    const d = DECODE[text.charCodeAt(i)]!;
    acc = ((acc << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 255;
    }
  }
  return { ok: true, value: out };
}

// --- zlib with a size cap ---------------------------------------------------------------------

function adler32(d: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < d.length; ) {
    // 5552 bytes keep the sums below 2^32 between reductions (zlib's NMAX).
    for (const end = Math.min(i + 5552, d.length); i < end; i++) {
      a += d[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** RFC 1950 stream → its content, refusing more than `cap` bytes of it. */
export function unzlibCapped(z: Uint8Array, cap: number): Result<Uint8Array, string> {
  // CM 8 (deflate), the header check, no preset dictionary (RFC 1950 §2.2); checked first, so
  // a short run of anything else is called garbled rather than cut short.
  if (z.length >= 2) {
    const cmf = z[0]!;
    const flg = z[1]!;
    if ((cmf & 15) !== 8 || ((cmf << 8) | flg) % 31 !== 0 || flg & 0x20)
      return { ok: false, error: 'the link data is garbled (not a zlib stream)' };
  }
  if (z.length < 7) return { ok: false, error: 'the link is cut short (too little data)' };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total <= cap) chunks.push(chunk);
    if (final) finished = true;
  });
  const body = z.subarray(2, z.length - 4);
  try {
    for (let at = 0; at < body.length && total <= cap; at += INFLATE_CHUNK)
      inflater.push(body.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= body.length);
  } catch (e) {
    const truncated = (e as { code?: number }).code === 0;
    return {
      ok: false,
      error: truncated
        ? 'the link is cut short (its compressed data ends early)'
        : 'the link data is garbled (bad compressed data)',
    };
  }
  if (total > cap) return { ok: false, error: `the link inflates to more than ${cap} bytes (refused)` };
  if (!finished) return { ok: false, error: 'the link is cut short (its compressed data ends early)' };
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  const t = z.length - 4;
  const want = ((z[t]! << 24) | (z[t + 1]! << 16) | (z[t + 2]! << 8) | z[t + 3]!) >>> 0;
  if (adler32(out) !== want)
    return { ok: false, error: 'the link was altered or cut short (checksum mismatch)' };
  return { ok: true, value: out };
}
