import type { ScenarioDocument } from '../../scenario/schema';
import { encodeShareHash, isShareHash } from '../../scenario/share';

// The page's URL as the scenario's address: a link's hash (a shared moment, or a generated,
// edited or imported scenario), a preset's query, or nothing (the default). Opening another
// scenario pushes a history entry, so Back and Forward go to it again (App reopens what the URL
// names on popstate and hashchange); pinning the moment (Share) or replacing a bad link replaces
// the entry. No write navigates, reloads or fires hashchange.

type How = 'push' | 'replace';

/** The part of the URL that names the scenario: a link hash wins; an anchor is not ours. */
const address = () => (isShareHash(location.hash) ? location.hash : location.search);

/** The address of the scenario on screen: what the page last opened or wrote. */
let shown: string | null = null;

/** The URL names the scenario on screen (a navigation that changed only an anchor, say). */
export function isShown(): boolean {
  return address() === shown;
}

/** The scenario on screen is now the one the URL names. */
export function markShown(): void {
  shown = address();
}

function write(url: string, how: How): void {
  // The same URL again is no new place to go back to.
  const same = url === `${location.pathname}${location.search}${location.hash}`;
  if (how === 'push' && !same) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  markShown();
}

/** The URL that opens this hash: the page's path and the hash, no query. */
export function showHash(hash: string, how: How = 'replace'): string {
  write(`${location.pathname}${hash}`, how);
  return location.href;
}

/** The URL names a preset of the gallery (`?preset=ID`), or none (the default). */
export function showPreset(id: string | null, how: How = 'push'): void {
  write(id ? `${location.pathname}?preset=${encodeURIComponent(id)}` : location.pathname, how);
}

/** The URL carries the document itself (a generated, edited or imported scenario), so a reload keeps it. */
export function showDocument(doc: ScenarioDocument, how: How = 'push'): void {
  showHash(encodeShareHash(doc), how);
}
