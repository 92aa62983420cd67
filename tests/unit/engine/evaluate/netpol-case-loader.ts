/**
 * Loads one netpol-analyzer case folder (every file, sorted) through the real inventory
 * (parseMetadataText → buildInventory), as the CLI does. Test helper only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../../../../src/lib/engine/model/k8s';
import { parseMetadataText, type K8sObject } from '../../../../src/lib/engine/inventory/parse';
import { buildInventory } from '../../../../src/lib/engine/inventory/build';

function loadObjects(dir: string): K8sObject[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => parseMetadataText(readFileSync(join(dir, f), 'utf8'), f).objects);
}

export function loadCase(dir: string): Inventory {
  return buildInventory(loadObjects(dir), 'case').inventory;
}
