// Offers bytes or text as a file download (an object URL on a temporary link). Nothing is parsed
// or executed; the URL is revoked once the browser has taken it.

export function download(name: string, data: Uint8Array | string, type: string): void {
  const blob = new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name made of safe characters only. */
export function fileStem(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'scenario';
}
