// The one Result shape of the wire layer (DESIGN.md §4: bad input is a value, not a crash). Every
// decoder returns it and never throws; `offset` is the byte where the problem was found, relative to
// the start of the bytes the decoder was given.

export interface WireError<K extends string = string> {
  kind: K;
  offset: number;
  message: string;
}

export type Result<T, E = WireError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<K extends string>(
  kind: K,
  offset: number,
  message: string,
): { ok: false; error: WireError<K> } {
  return { ok: false, error: { kind, offset, message } };
}

/** Kinds shared by the codecs (each codec may add its own). */
export type CodecErrorKind =
  | 'truncated'
  | 'bad-version'
  | 'bad-length'
  | 'bad-checksum'
  | 'bad-header'
  | 'unsupported-option'
  | 'bad-option';
