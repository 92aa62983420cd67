/**
 * What bench/review-node.ts and bench/verify-existing.ts share: their arguments, the reviewed
 * workload (productpage-v1 of the bundled bookinfo dump) and its `rows` egress rows to distinct
 * public IPs (bench/ui-rows.mjs's capture, written in the system's temporary folder), and an
 * in-memory workspace over files imported as the CLI imports them.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImport } from '../src/lib/engine/workspace/import';
import { memoryStore } from '../src/lib/engine/workspace/memory';
import { createWorkspace, type Workspace } from '../src/lib/engine/workspace/workspace';
import type { WorkloadRef } from '../src/lib/engine/model/ids';

/** bench/ui-rows.mjs, imported by a name the type check does not follow (it is plain JavaScript). */
const UI_ROWS = './ui-rows.mjs';
const { writeRowsCapture } = (await import(UI_ROWS)) as {
  writeRowsCapture: (rows: number, out?: string) => string;
};

export const CLUSTER = 'kind';
export const WORKLOAD: WorkloadRef = {
  kind: 'Deployment',
  namespace: 'bookinfo',
  name: 'productpage-v1',
};
/** The workload's namespace as a scope of Deployments. */
export const SCOPE = { cluster: CLUSTER, entity: 'Deployment' as const, namespace: 'bookinfo' };

/** `--name value`, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/** The bundled bookinfo dump as JSON. */
export function bookinfoDump(): { items: unknown[] } & Record<string, unknown> {
  return JSON.parse(
    readFileSync(
      new URL('../static/samples/bookinfo-kind_cluster-dump.json', import.meta.url),
      'utf8',
    ),
  );
}

/** The capture of `rows` egress rows of the workload to distinct public IPs. */
export function rowsCapture(rows: number): Uint8Array {
  return readFileSync(writeRowsCapture(rows, join(tmpdir(), 'netpolish-bench')));
}

/** A workspace over a cluster dump's text and a capture, imported as the CLI imports them. */
export async function workspaceOf(dump: string, capture: Uint8Array): Promise<Workspace> {
  const store = memoryStore();
  const files: [string, Uint8Array][] = [
    ['cluster-dump.json', new TextEncoder().encode(dump)],
    ['flows.jsonl', capture],
  ];
  for (const [name, bytes] of files) {
    const body = new Blob([new Uint8Array(bytes)]).stream();
    const read = await readImport(store, body, name, { cluster: CLUSTER });
    store.addShard(CLUSTER, read.shard);
  }
  return createWorkspace(store);
}
