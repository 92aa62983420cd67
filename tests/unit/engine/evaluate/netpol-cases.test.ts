/**
 * The netpol-analyzer connlist cases (tests/fixtures/netpol-cases, provenance in its
 * SOURCES.md): for every case in manifest.json, the connectivity report of its manifests must
 * equal the expected connlist output text exactly (same lines, same order).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeConnectivity,
  connectivityContext,
  formatConnlistText,
} from '../../../../src/lib/engine/evaluate/index';
import { loadCase } from './netpol-case-loader';

const ROOT = join(import.meta.dirname, '../../../fixtures/netpol-cases');

interface CaseEntry {
  name: string;
  inputDir: string;
  expected: string;
  expectedLines: number;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as {
  cases: CaseEntry[];
};

describe('netpol-analyzer connlist cases', () => {
  it('has all 21 cases', () => {
    expect(manifest.cases).toHaveLength(21);
  });

  for (const c of manifest.cases) {
    it(c.name, () => {
      const input = loadCase(join(ROOT, c.inputDir));
      const ctx = connectivityContext(input, { ipBlockMatchesPods: false });
      const actual = formatConnlistText(computeConnectivity(ctx));
      const expected = readFileSync(join(ROOT, c.expected), 'utf8');
      expect(actual.split('\n').length - 1).toBe(c.expectedLines);
      expect(actual).toBe(expected);
    });
  }
});
