// IKEv2 (RFC 7296) message codec: the public face of the ikev2-*.ts files.

export * from './ikev2-bytes';
export * from './ikev2-constants';
export * from './ikev2-message';
export { decodePayloads, encodePayloads, payloadTypeOf } from './ikev2-payloads';
export { decodeSaBody, encodeSaBody } from './ikev2-sa';
export * from './ikev2-sk';
export type * from './ikev2-types';
