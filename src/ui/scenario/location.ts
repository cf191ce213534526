// The page's URL as the scenario's address: a shared link's hash, a preset's query, or nothing.
// history.replaceState only (no navigation, no reload, no hashchange).

/** The URL that opens this hash: the page's path and the hash, no query. */
export function showHash(hash: string): string {
  history.replaceState(null, '', `${location.pathname}${hash}`);
  return location.href;
}

/** The URL names a preset of the gallery (`?preset=ID`), or none (the default). */
export function showPreset(id: string | null): void {
  history.replaceState(
    null,
    '',
    id ? `${location.pathname}?preset=${encodeURIComponent(id)}` : location.pathname,
  );
}
