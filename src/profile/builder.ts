import type {
  IpconfigStmt,
  IpsecRuleStmt,
  IpsecStmt,
  VipaBackupStmt,
  VipaDefineStmt,
  VipaDeleteStmt,
  VipaDistributeStmt,
  VipaRangeStmt,
} from './ast';
import type { Diagnostics } from './diagnostics';
import { checkDistribute } from './distribute-rules';
import { formatIpv4, sameSubnet } from './ipv4';
import type { Token } from './tokens';
import type { SourceRef, StackProfile, VipaBackup, VipaDefine, VipaDistribute } from './types';

// Applies parsed statements in profile order and checks the rules that involve more than one
// statement. Rules (z/OS IP Configuration Reference unless marked "emulator"):
//  - One VIPADEFINE or VIPABACKUP per DVIPA in a profile; to define it again, a VIPADELETE must
//    come first (VIPADYNAMIC statement rules). Only the repeated address is rejected.
//  - VIPADISTRIBUTE distributes a DVIPA "defined on the same stack by a VIPADEFINE or VIPABACKUP
//    statement"; the definition must come first, since z/OS processes the profile in order.
//  - Only the first IPSEC block counts; later ones are ignored with an informational message.
//  - The IPSEC block is ignored when IPCONFIG IPSECURITY is not specified (warning here).
//  - (emulator) The same DVIPA port distributed by two VIPADISTRIBUTE DEFINEs is an error, and a
//    distribution without PORT (all ports) conflicts with any other for that DVIPA.
//  - (emulator) VIPADISTRIBUTE without IPCONFIG DYNAMICXCF: warning (targets are reached over
//    dynamic XCF). A DVIPA equal to the stack's own dynamic XCF address: error.
//  - (emulator, from the source) all addresses of one VIPADEFINE should share the mask's subnet:
//    warning.
//  - VIPADELETE also removes the VIPADISTRIBUTEs of the deleted DVIPA (they need its definition).
//  - DELETE forms (VIPADELETE, VIPADISTRIBUTE DELETE, VIPARANGE DELETE) that match nothing: warning.

const ref = (t: Token): SourceRef => ({ line: t.line, column: t.column });

interface Defined {
  kind: 'VIPADEFINE' | 'VIPABACKUP';
  tok: Token;
}

export class ProfileBuilder {
  readonly profile: StackProfile = {
    ipSecurity: false,
    sysplexRouting: false,
    ipsec: { present: false, dvipsec: false, dvipsecCoded: false, rules: [] },
    vipaDefines: [],
    vipaBackups: [],
    vipaDistributes: [],
    vipaRanges: [],
    vipaDeletes: [],
  };
  private readonly defined = new Map<number, Defined>();
  /** Every VIPADEFINE/VIPABACKUP address ever seen, to explain an out-of-order VIPADISTRIBUTE. */
  private readonly everDefined = new Map<number, Token>();
  private readonly pendingUndefined: VipaDistributeStmt[] = [];
  private ipsecTok: Token | undefined;
  private ignoringIpsec = false;
  private ruleInfoGiven = false;

  constructor(private readonly diags: Diagnostics) {}

  ipconfig(s: IpconfigStmt): void {
    const p = this.profile;
    if (s.ipSecurity) p.ipSecurity = true;
    if (s.sysplexRouting !== undefined) p.sysplexRouting = s.sysplexRouting;
    if (s.noDynamicXcf) p.dynamicXcf = undefined;
    if (s.dynamicXcf) {
      const d = s.dynamicXcf;
      if (p.dynamicXcf) {
        this.diags.add(
          'warning',
          d.tok,
          s.label,
          'replaced',
          `DYNAMICXCF replaces the one on line ${p.dynamicXcf.at.line}`,
        );
      }
      p.dynamicXcf = {
        addr: d.addr,
        mask: d.mask.mask,
        prefixLength: d.mask.prefixLength,
        costMetric: d.costMetric,
        at: ref(d.tok),
      };
    }
  }

  ipsec(s: IpsecStmt): void {
    if (this.ipsecTok) {
      this.ignoringIpsec = true;
      this.diags.add(
        'info',
        s.keywordTok,
        s.label,
        'ipsec-ignored',
        `only the first IPSEC block (line ${this.ipsecTok.line}) is used; this one is ignored`,
      );
      return;
    }
    this.ipsecTok = s.keywordTok;
    this.ignoringIpsec = false;
    this.profile.ipsec = {
      present: true,
      dvipsec: s.dvipsec,
      dvipsecCoded: s.dvipsec,
      rules: [],
      at: ref(s.keywordTok),
    };
  }

  ipsecRule(s: IpsecRuleStmt): void {
    if (this.ignoringIpsec) return;
    this.profile.ipsec.rules.push({ text: s.text, at: ref(s.keywordTok) });
    if (!this.ruleInfoGiven) {
      this.ruleInfoGiven = true;
      this.diags.add(
        'info',
        s.keywordTok,
        s.label,
        'not-emulated',
        'IPSEC filter rules are kept as text; the emulated IP filter policy comes from the scenario',
      );
    }
  }

  /** Rejects an address already defined; returns true when it may be defined. */
  private claim(
    addrTok: Token,
    addr: number,
    kind: Defined['kind'],
    label: string,
    inStatement: Set<number>,
  ): boolean {
    if (inStatement.has(addr)) {
      this.diags.add(
        'error',
        addrTok,
        label,
        'duplicate-dvipa',
        `${addrTok.text} is listed twice in this ${kind}`,
      );
      return false;
    }
    inStatement.add(addr);
    const prev = this.defined.get(addr);
    if (prev) {
      this.diags.add(
        'error',
        addrTok,
        label,
        'duplicate-dvipa',
        `${formatIpv4(addr)} is already defined by the ${prev.kind} on line ${prev.tok.line}; code VIPADELETE ${formatIpv4(addr)} before defining it again`,
      );
      return false;
    }
    const xcf = this.profile.dynamicXcf;
    if (xcf && xcf.addr === addr) {
      this.diags.add(
        'error',
        addrTok,
        label,
        'dvipa-is-xcf',
        `${formatIpv4(addr)} is this stack's dynamic XCF address and cannot be a DVIPA`,
      );
      return false;
    }
    this.defined.set(addr, { kind, tok: addrTok });
    if (!this.everDefined.has(addr)) this.everDefined.set(addr, addrTok);
    return true;
  }

  vipaDefine(s: VipaDefineStmt): void {
    const inStatement = new Set<number>();
    const first = s.addrs[0]!;
    for (const a of s.addrs) {
      if (!sameSubnet(a.value, first.value, s.mask.mask)) {
        this.diags.add(
          'warning',
          a.tok,
          s.label,
          'subnet-mismatch',
          `${a.tok.text} is not in the same subnet as ${first.tok.text} for mask ${formatIpv4(s.mask.mask)}; the addresses of one VIPADEFINE should share a subnet`,
        );
      }
      if (!this.claim(a.tok, a.value, 'VIPADEFINE', s.label, inStatement)) continue;
      const d: VipaDefine = {
        addr: a.value,
        mask: s.mask.mask,
        prefixLength: s.mask.prefixLength,
        moveable: s.moveable,
        serviceMgr: s.serviceMgr,
        at: ref(a.tok),
      };
      this.profile.vipaDefines.push(d);
    }
  }

  vipaBackup(s: VipaBackupStmt): void {
    const inStatement = new Set<number>();
    for (const a of s.addrs) {
      if (!this.claim(a.tok, a.value, 'VIPABACKUP', s.label, inStatement)) continue;
      const b: VipaBackup = { addr: a.value, rank: s.rank, serviceMgr: s.serviceMgr, at: ref(a.tok) };
      if (s.moveable && s.mask) {
        b.moveable = s.moveable;
        b.mask = s.mask.mask;
        b.prefixLength = s.mask.prefixLength;
      }
      this.profile.vipaBackups.push(b);
    }
  }

  vipaDelete(s: VipaDeleteStmt): void {
    const p = this.profile;
    for (const a of s.addrs) {
      if (!this.defined.delete(a.value)) {
        this.diags.add(
          'warning',
          a.tok,
          s.label,
          'nothing-to-delete',
          `${a.tok.text} has no VIPADEFINE or VIPABACKUP to delete`,
        );
        continue;
      }
      p.vipaDefines = p.vipaDefines.filter((d) => d.addr !== a.value);
      p.vipaBackups = p.vipaBackups.filter((b) => b.addr !== a.value);
      p.vipaDistributes = p.vipaDistributes.filter((d) => d.addr !== a.value);
      p.vipaDeletes.push({ addr: a.value, at: ref(a.tok) });
    }
  }

  vipaRange(s: VipaRangeStmt): void {
    const p = this.profile;
    const net = (s.addr.value & s.mask.mask) >>> 0;
    const same = p.vipaRanges.findIndex((r) => r.mask === s.mask.mask && (r.addr & r.mask) >>> 0 === net);
    if (s.action === 'DELETE') {
      if (same < 0) {
        this.diags.add(
          'warning',
          s.addr.tok,
          s.label,
          'nothing-to-delete',
          `no VIPARANGE ${formatIpv4(s.mask.mask)} ${s.addr.tok.text} to delete`,
        );
      } else p.vipaRanges.splice(same, 1);
      return;
    }
    if (same >= 0) {
      this.diags.add(
        'warning',
        s.addr.tok,
        s.label,
        'replaced',
        `replaces the VIPARANGE on line ${p.vipaRanges[same]!.at.line}`,
      );
      p.vipaRanges.splice(same, 1);
    }
    p.vipaRanges.push({
      addr: s.addr.value,
      mask: s.mask.mask,
      prefixLength: s.mask.prefixLength,
      moveable: s.moveable,
      ...(s.safResource === undefined ? {} : { safResource: s.safResource }),
      at: ref(s.addr.tok),
    });
  }

  vipaDistribute(s: VipaDistributeStmt): void {
    if (!checkDistribute(s, this.diags)) return;
    const p = this.profile;
    if (s.action === 'DELETE') {
      this.distributeDelete(s);
      return;
    }
    if (!this.defined.has(s.addr.value)) {
      this.pendingUndefined.push(s);
      return;
    }
    const mine = p.vipaDistributes.filter((d) => d.addr === s.addr.value);
    for (const d of mine) {
      const clash =
        d.ports.length === 0 || s.ports.length === 0 ? undefined : s.ports.find((x) => d.ports.includes(x));
      if (d.ports.length === 0 || s.ports.length === 0 || clash !== undefined) {
        const what = clash === undefined ? 'all its ports' : `port ${clash}`;
        this.diags.add(
          'error',
          s.addr.tok,
          s.label,
          'duplicate-distribution',
          `${what} of ${s.addr.tok.text} already distributed by the VIPADISTRIBUTE on line ${d.at.line}`,
        );
        return;
      }
    }
    const entry: VipaDistribute = {
      addr: s.addr.value,
      ports: s.ports,
      distMethod: s.distMethod,
      destAll: s.destAll,
      dests: s.dests.map((d) => ({
        xcf: d.xcf,
        ...(d.weight === undefined ? {} : { weight: d.weight }),
        ...(d.hotStandby === undefined ? {} : { hotStandby: d.hotStandby }),
        at: ref(d.tok),
      })),
      autoSwitchBack: s.autoSwitchBack,
      healthSwitch: s.healthSwitch,
      sysplexPorts: s.sysplexPorts,
      timedAffinity: s.timedAffinity,
      ...(s.optLocal === undefined ? {} : { optLocal: s.optLocal }),
      at: ref(s.keywordTok),
    };
    p.vipaDistributes.push(entry);
  }

  /** VIPADISTRIBUTE DELETE removes the named ports (all of them without PORT) of that DVIPA;
   * its DESTIP is checked for syntax only. */
  private distributeDelete(s: VipaDistributeStmt): void {
    const p = this.profile;
    let matched = false;
    const kept: VipaDistribute[] = [];
    for (const d of p.vipaDistributes) {
      if (d.addr !== s.addr.value) kept.push(d);
      else if (s.ports.length === 0) matched = true;
      else {
        const left = d.ports.filter((x) => !s.ports.includes(x));
        if (left.length !== d.ports.length) matched = true;
        if (left.length > 0 || d.ports.length === 0)
          kept.push({ ...d, ports: left.length > 0 ? left : d.ports });
      }
    }
    p.vipaDistributes = kept;
    if (!matched) {
      this.diags.add(
        'warning',
        s.addr.tok,
        s.label,
        'nothing-to-delete',
        `no VIPADISTRIBUTE of ${s.addr.tok.text}${s.ports.length ? ` port ${s.ports.join(' ')}` : ''} to delete`,
      );
    }
  }

  /** End-of-profile rules; returns the profile. */
  finish(): StackProfile {
    const p = this.profile;
    for (const s of this.pendingUndefined) {
      const later = this.everDefined.get(s.addr.value);
      const message =
        later && later.line > s.keywordTok.line
          ? `VIPADISTRIBUTE for ${s.addr.tok.text} must come after its VIPADEFINE or VIPABACKUP (line ${later.line})`
          : `${s.addr.tok.text} has no VIPADEFINE or VIPABACKUP in this profile; VIPADISTRIBUTE needs one on the same stack`;
      this.diags.add('error', s.addr.tok, s.label, 'undefined-dvipa', message);
    }
    const xcf = p.dynamicXcf;
    if (xcf) {
      // A DYNAMICXCF coded after the VIPADEFINE: same rule as in claim().
      const clash =
        p.vipaDefines.find((d) => d.addr === xcf.addr) ?? p.vipaBackups.find((b) => b.addr === xcf.addr);
      if (clash) {
        const label = 'rank' in clash ? 'VIPABACKUP' : 'VIPADEFINE';
        this.diags.add(
          'error',
          clash.at,
          label,
          'dvipa-is-xcf',
          `${formatIpv4(clash.addr)} is this stack's dynamic XCF address and cannot be a DVIPA`,
        );
        p.vipaDefines = p.vipaDefines.filter((d) => d.addr !== xcf.addr);
        p.vipaBackups = p.vipaBackups.filter((b) => b.addr !== xcf.addr);
        p.vipaDistributes = p.vipaDistributes.filter((d) => d.addr !== xcf.addr);
      }
    }
    if (p.ipsec.present && !p.ipSecurity && this.ipsecTok) {
      this.diags.add(
        'warning',
        this.ipsecTok,
        'IPSEC',
        'ipsec-without-ipsecurity',
        'the IPSEC block is ignored because IPCONFIG IPSECURITY is not specified; DVIPSEC is off',
      );
      p.ipsec.dvipsec = false;
    }
    const firstDist = p.vipaDistributes[0];
    if (firstDist && !p.dynamicXcf) {
      this.diags.add(
        'warning',
        firstDist.at,
        'VIPADISTRIBUTE',
        'no-dynamicxcf',
        'VIPADISTRIBUTE needs IPCONFIG DYNAMICXCF: targets are reached over dynamic XCF links',
      );
    }
    return p;
  }
}
