import { deepClone } from './clone';

// Tables: the big keyed collections of a node's state (TCP connections, the CRT, the apps'
// connections, and indexes of plain values such as a stack's IPsec connections), whose entries the live state shares with its snapshots.
//
// At 10,000 connections a sysplex's state is ~17 MB, nearly all of it table entries, and one event
// changes one or two of them. A snapshot used to walk (and a restore to copy) the whole state; with
// tables a snapshot keeps each table's entries in buckets, sharing the untouched buckets with the
// snapshot before (table-snapshot.ts), and a restore rebuilds the container; both share every entry. An entry is then copied when the actor first writes it after a snapshot
// or restore: the actor asks for it through `writableEntry`, which copies it if a snapshot may hold
// it.
//
// "May hold it" is an epoch stamp: every state copy (snapshot or restore) starts a new epoch; an
// entry is the live state's own only if `writableEntry` made it in the current epoch. Anything
// else (older stamps, entries the actor code created itself, states that crossed a postMessage and
// lost their stamps) counts as shared and is copied once more: a stamp can only cost a copy, never
// let a snapshot change.
//
// The rule for actor code: read table entries as you like; write one only through the object
// `writableEntry` returned in this event. Creating, replacing and deleting entries is plain
// assignment. Tests freeze what snapshots share (`freezeSharedEntries`), so a write that breaks
// the rule throws there.

const TABLE: unique symbol = Symbol('table');
const STAMP: unique symbol = Symbol('owned in epoch');

/** Entries are objects (written through writableEntry) or plain values (replaced by assignment). */
export type Entries = Record<string, unknown> | unknown[];

let epoch = 1;
let freezing = false;

/** Marks a fresh `{}` or `[]` of entries (objects) as a table; returns it. */
export function table<T extends Entries>(container: T): T {
  Object.defineProperty(container, TABLE, { value: true });
  return container;
}

export function isTable(v: object): boolean {
  return (v as { [TABLE]?: boolean })[TABLE] === true;
}

/**
 * The entry at `key`, safe to write in this event: copied into the table first when a snapshot
 * may share it. undefined when there is none.
 */
export function writableEntry<T extends object>(t: Record<string, T>, key: string): T | undefined;
export function writableEntry<T extends object>(t: T[], key: number): T | undefined;
export function writableEntry<T extends object>(
  t: Record<string | number, T>,
  key: string | number,
): T | undefined {
  if (!Object.hasOwn(t, key)) return undefined;
  const e = t[key];
  if (e === undefined || e === null || (e as { [STAMP]?: number })[STAMP] === epoch) return e;
  const own = deepClone(e);
  Object.defineProperty(own, STAMP, { value: epoch });
  t[key] = own;
  return own;
}

/**
 * Every entry the live states hold is shared from now on (called by each state copy: a snapshot
 * shares them with the live state, a restore with the snapshot).
 */
export function newEpoch(): void {
  epoch++;
}

/** Tests: freeze each entry a state copy shares, so a write that bypasses writableEntry throws. */
export function freezeSharedEntries(on: boolean): void {
  freezing = on;
}

/** Called on each entry a state copy shares. */
export function sharedEntry(e: unknown): void {
  if (freezing) deepFreeze(e);
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  // A typed array with elements cannot be frozen; its holder is, so it cannot be swapped.
  if (ArrayBuffer.isView(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}
