/**
 * A whole namespace (DESIGN.md §1.7) on real data with a Deployment, a StatefulSet, a CronJob
 * and a Job (tests/fixtures/namespace/bookinfo-kinds, provenance in its SOURCES.md): the
 * namespace's review lists every workload's rows with a reviewed/pending status that survives a
 * reload, bulk decisions span workloads, and the bundle downloaded from every entity type is the
 * same file, which the project's own evaluator finds allows every captured communication with a
 * resolved peer and isolates every pod.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { load, loadAll } from 'js-yaml';
import {
  analyzedNamespace,
  BUNDLE_POLICY_NAMES,
  NAMESPACE_FILES,
} from '../fixtures/namespace/bookinfo-kinds';
import { evaluatePair } from '../../src/lib/engine/evaluate/index';
import { verifyCommunications } from '../../src/lib/engine/policy/verify';
import type { NetworkPolicy } from '../../src/lib/engine/model/k8s';
import { chooseWorkload } from './helpers';

const FILES = NAMESPACE_FILES;

async function importFixture(page: Page): Promise<void> {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(FILES);
  await expect(page.locator('[data-import] .status')).toHaveText(['done', 'done', 'done'], {
    timeout: 30_000,
  });
  await page.getByRole('combobox', { name: 'Namespace' }).selectOption('bookinfo');
}

test("a namespace's review: every workload, reviewed status kept, bulk decisions across workloads", async ({
  page,
}) => {
  await importFixture(page);
  const status = page.getByRole('region', { name: 'Scope' }).getByRole('status');
  await expect(status).toHaveText('6 of 6 workloads in bookinfo pending review');
  const ingress = page.getByRole('table', { name: 'Ingress communications' });
  for (const w of [
    'details-v1 (StatefulSet)',
    'reviews-v1 (CronJob)',
    'reviews-v3 (Job)',
    'productpage-v1 (Deployment)',
  ]) {
    await expect(ingress.getByRole('row').filter({ hasText: w }).first()).toBeVisible();
  }
  await page.getByRole('checkbox', { name: 'Reviewed details-v1' }).check();
  await expect(status).toHaveText('5 of 6 workloads in bookinfo pending review');

  // One bulk decision: every ingress row from productpage-v1, in four workloads' decisions.
  await page.getByRole('searchbox', { name: 'Search ingress' }).fill('productpage-v1 Deployment');
  const shown = ingress.getByRole('row').filter({ has: page.getByRole('checkbox') });
  await expect(shown).toHaveCount(4);
  await page.getByRole('button', { name: 'Exclude shown rows' }).click();
  for (const box of await shown.getByRole('checkbox', { name: 'Include' }).all()) {
    await expect(box).not.toBeChecked();
  }

  await page.reload();
  await expect(status).toHaveText('5 of 6 workloads in bookinfo pending review');
  await expect(page.getByRole('checkbox', { name: 'Reviewed details-v1' })).toBeChecked();
  await page.getByRole('searchbox', { name: 'Search ingress' }).fill('productpage-v1 Deployment');
  await expect(shown).toHaveCount(4);
  for (const box of await shown.getByRole('checkbox', { name: 'Include' }).all()) {
    await expect(box).not.toBeChecked();
  }
});

test('the bundle is the same from every entity type, allows what was captured and isolates every pod', async ({
  page,
}) => {
  await importFixture(page);
  const texts = new Set<string>();
  const download = async (): Promise<void> => {
    await page.getByRole('tab', { name: /Generated Policy/ }).click();
    const whole = page.getByRole('checkbox', { name: /Whole namespace/ });
    if (!(await whole.isChecked())) await whole.check();
    await expect(page.getByText(/bookinfo-namespace-k8s\.yaml · 7 documents/)).toBeVisible();
    await expect(page.getByText(/Verification of the whole bundle/)).toBeVisible();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Policy' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('bookinfo-namespace-k8s.yaml');
    texts.add(readFileSync((await file.path())!, 'utf8'));
  };
  // No workload chosen: the namespace's own review offers the bundle.
  await download();
  const picks: [string, string][] = [
    ['Deployment', 'productpage-v1'],
    ['StatefulSet', 'details-v1'],
    ['CronJob', 'reviews-v1'],
    ['Job', 'reviews-v3'],
    ['Service', 'productpage'],
  ];
  for (const [entity, workload] of picks) {
    await page.getByRole('tab', { name: /Ingress/ }).click();
    await page.getByRole('combobox', { name: 'Entity type' }).selectOption(entity);
    await chooseWorkload(page, workload);
    await download();
  }
  expect(texts.size).toBe(1);
  const [text] = [...texts];
  const policies = loadAll(text!) as NetworkPolicy[];
  expect(policies.map((p) => p.metadata.name)).toEqual(BUNDLE_POLICY_NAMES);
  expect(load(text!.split('\n---\n')[0]!)).toMatchObject({ spec: { podSelector: {} } });

  // The project's evaluator on the same inputs: every captured communication with a resolved
  // peer is allowed (IP peers are left out by default), and every pod is isolated both ways.
  const r = await analyzedNamespace();
  const comms = r.communications;
  const verdicts = verifyCommunications({
    inventory: r.inventory,
    communications: comms,
    policies,
  });
  const resolved = verdicts.filter((v) => v.communication.peer.type !== 'ip');
  expect(resolved.length).toBeGreaterThan(10);
  expect(resolved.filter((v) => v.allowed !== true).map((v) => v.key)).toEqual([]);
  const ctx = {
    pods: r.inventory.pods,
    namespaces: r.inventory.namespaces,
    policies,
    ipBlockMatchesPods: false,
  };
  const pods = r.inventory.pods.filter((p) => p.namespace === 'bookinfo');
  expect(pods).toHaveLength(6);
  const outside = { kind: 'ip' as const, ip: '192.0.2.7' };
  for (const pod of pods) {
    expect(evaluatePair(ctx, outside, { kind: 'pod', pod }, 9080, 'TCP').allowed).toBe(false);
    expect(evaluatePair(ctx, { kind: 'pod', pod }, outside, 443, 'TCP').allowed).toBe(false);
  }
});
