// The IPsec recovery information the owner of a DVIPA keeps in the coupling facility (DESIGN.md §2,
// Fig. 7A/7B, 14, 15): enough for another stack to renegotiate every SA with the same peers,
// selectors and policy — and no more. No key material is ever stored here.

/** Phase 1 (IKE SA) recovery information. */
export interface Phase1Record {
  id: string;
  dvipa: number;
  /** The remote peer: its IKE identity and address. */
  peerAddr: number;
  peerId: string;
  /** Our identity for this DVIPA (the DVIPA address, so any owner presents the same one). */
  localId: string;
  /** The negotiated proposal, by name (e.g. "AES-GCM-16-128/PRF-HMAC-SHA2-256/X25519"). */
  proposal: string;
  /** Name of the policy rule that caused the negotiation. */
  policy: string;
  /** IKE SPIs as 16 hex digits each. */
  spiI: string;
  spiR: string;
  /** The stack that negotiated it (XCF address). */
  negotiatedBy: number;
}

/** A traffic selector range (RFC 7296 §3.13.1, TS_IPV4_ADDR_RANGE). */
export interface SelectorRecord {
  protocol: number;
  startAddr: number;
  endAddr: number;
  startPort: number;
  endPort: number;
}

/** Phase 2 (Child SA) recovery information, correlated to its phase 1 record. */
export interface Phase2Record {
  id: string;
  dvipa: number;
  /** Correlation: the phase 1 record this Child SA was negotiated under. */
  phase1Id: string;
  localTs: SelectorRecord;
  remoteTs: SelectorRecord;
  /** SPIs as 8 hex digits. */
  inboundSpi: string;
  outboundSpi: string;
  protocol: 'ESP';
  mode: 'transport' | 'tunnel';
  /** e.g. "AES-GCM-16-128". */
  transform: string;
}

/** The EZBDVIPA structure's entries for one DVIPA. */
export interface DvipaRecords {
  dvipa: number;
  /** The stack whose updates are accepted; others are rejected so the entries stay stable. */
  owner: number;
  phase1: Record<string, Phase1Record>;
  phase2: Record<string, Phase2Record>;
}

export interface CfStructure {
  name: string;
  /** By DVIPA (uint32 as a decimal string key). */
  entries: Record<string, DvipaRecords>;
}
