/** Shared helpers for the end-to-end tests: sample files, drops, same-origin request log. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, type Request } from '@playwright/test';

export const SAMPLES = join(import.meta.dirname, '../../static/samples');
export const DUMP = join(SAMPLES, 'bookinfo-kind_cluster-dump.json');
export const TCP = join(SAMPLES, 'hubble-otel_basic-sample-400-tcp-flows.json');
export const UDP = join(SAMPLES, 'hubble-otel_basic-sample-400-udp-flows.json');
/**
 * A second real capture, of another cluster and with no dump (cilium/hubble-otel testdata;
 * provenance in tests/fixtures/formats/hubble/PROVENANCE): Istio's prometheus on GKE scrapes
 * 10.128.0.4:9990, an address no metadata explains. The demo has no unresolved IP left (its
 * proxied traffic resolves by Cilium identity), so the unresolved-IP tests use this one.
 */
export const GKE = join(
  import.meta.dirname,
  '../fixtures/formats/hubble/hubble-otel_basic-sample-5-http-flows.json',
);

/** Imports the GKE capture into cluster "gke" and scopes the review to its prometheus. */
export async function openGkePrometheus(page: Page): Promise<void> {
  await page.getByLabel('Import into cluster').fill('gke');
  await page.getByLabel('Import files').setInputFiles([GKE]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  const scope = page.getByRole('region', { name: 'Scope' });
  const cluster = scope.getByLabel('Cluster');
  await expect(cluster.locator('option[value="gke"]')).toHaveCount(1);
  await cluster.selectOption('gke');
  await scope.getByLabel('Namespace').selectOption('istio-system');
  await scope.getByLabel('Entity type').selectOption('Deployment');
  await chooseWorkload(page, 'prometheus');
}

/**
 * Chooses in the searchable Workload combobox: types `search` (the name by default) and clicks
 * the option of the workload named `name` (its label: "[namespace/]name — 1 in, 5 out"), once
 * the list shows it.
 */
export async function chooseWorkload(page: Page, name: string, search = name): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Workload' });
  await box.fill(search);
  const label = new RegExp(`^([^/]+/)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — `);
  const option = page.getByRole('option', { name: label });
  await expect(option).toHaveCount(1, { timeout: 30_000 });
  await option.click();
  await expect(box).toHaveValue(label);
}

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

/** Opens the app and imports the demo dump and captures, waiting until the import is done. */
export async function importDemo(page: Page): Promise<void> {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles([DUMP, TCP, UDP]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
}

/** Selects an option of a scope combobox by its label, once the list shows it. */
export async function choose(page: Page, name: string, label: string): Promise<void> {
  if (name === 'Workload') return chooseWorkload(page, label.split(' — ')[0]!);
  const box = page.getByRole('combobox', { name });
  await expect(box.locator('option').filter({ hasText: label })).toHaveCount(1);
  await box.selectOption({ label });
}

/** The demo's productpage-v1 Deployment: 1 ingress and 5 egress communications. */
export async function chooseProductpage(page: Page): Promise<void> {
  await choose(page, 'Namespace', 'bookinfo');
  await choose(page, 'Entity type', 'Deployment');
  await choose(page, 'Workload', 'productpage-v1 — 1 in, 5 out');
}
