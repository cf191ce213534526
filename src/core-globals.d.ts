// The few platform globals that exist identically in Node, browsers and workers, declared for the
// DOM-free core build (tsconfig.core.json). Nothing else of the platform is visible to the core.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
