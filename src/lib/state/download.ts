/**
 * Saving a file the app made (a policy, a session, the topology picture) through the browser's
 * download: a blob URL on a temporary link, revoked a little later. Nothing leaves the machine.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Today as `YYYY-MM-DD` (UTC), for file names. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
