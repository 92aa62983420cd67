/** Test helpers: read the real dumps in tests/fixtures/inventory and build inventories from them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Inventory } from '../../../../src/lib/engine/model/k8s';
import {
  buildInventory,
  parseMetadataBytes,
  type K8sObject,
} from '../../../../src/lib/engine/inventory/index';

const DIR = fileURLToPath(new URL('../../../fixtures/inventory/', import.meta.url));

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(DIR + name));
}

export function fixtureText(name: string): string {
  return readFileSync(DIR + name, 'utf8');
}

export function objectsOf(...names: string[]): K8sObject[] {
  return names.flatMap((n) => parseMetadataBytes(fixtureBytes(n), n).objects);
}

export function inventoryOf(...names: string[]): Inventory {
  return buildInventory(objectsOf(...names), 'test').inventory;
}

/** The real minikube dump: 11 pods (Deployment, Job, DaemonSet, static and bare pods) + 5 Services. */
export const SERVICES_DUMP = ['services_pods_list.yaml', 'services_services_list.yaml'];

export function at(iso: string): number {
  return Date.parse(iso);
}
