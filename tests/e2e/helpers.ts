/** Shared helpers for the end-to-end tests: sample files, drops, same-origin request log. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from '@playwright/test';

export const SAMPLES = join(import.meta.dirname, '../../static/samples');
export const DUMP = join(SAMPLES, 'bookinfo-kind_cluster-dump.json');
export const TCP = join(SAMPLES, 'hubble-otel_basic-sample-400-tcp-flows.json');
export const UDP = join(SAMPLES, 'hubble-otel_basic-sample-400-udp-flows.json');

/**
 * Drops files through a real DataTransfer and drop event: onto the drop zone, or with
 * `anywhere` onto the page body (drops are accepted anywhere on the page).
 */
export async function dropFiles(
  page: Page,
  files: { name: string; content: Buffer | string; type?: string }[],
  target: 'zone' | 'anywhere' = 'zone',
): Promise<void> {
  const payload = files.map((f) => ({
    name: f.name,
    type: f.type ?? 'application/octet-stream',
    data: Buffer.from(f.content).toString('base64'),
  }));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const f of items) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, payload);
  const zone =
    target === 'zone'
      ? page.getByRole('region', { name: 'Drop files to import' })
      : page.locator('body');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

export function sample(path: string): Buffer {
  return readFileSync(path);
}

/** Records every request the page makes (including the worker and the service worker's). */
export function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.context().on('request', (r) => seen.push(r));
  return seen;
}
