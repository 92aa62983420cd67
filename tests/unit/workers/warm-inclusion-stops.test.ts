/**
 * The worker's bulk inclusion made ahead as the engine API runs it (workers/engine-api.ts with
 * workers/warm-inclusion.ts), over a real workspace of a workload with more rows than
 * WARM_INCLUSION_ROWS: a verification answered schedules it, and a request of the page — the
 * rows of a review, a policy's YAML, why rows are denied, a save — stops it, whether made
 * before it starts or between two of its parts.
 * The workspace the API makes is the engine's own; only its warmInclusion is wrapped, to see
 * each warm-up run (and how many policies it made) and to ask something at its first pause.
 */
import 'fake-indexeddb/auto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultDecisions } from '$lib/engine/policy/decisions';
import type { PolicyRequest } from '$lib/engine';
import { WARM_INCLUSION_ROWS } from '$lib/engine/workspace/warm-inclusion';
import { WARM_AFTER_MS, api } from '../../../workers/engine-api';
import {
  CLUSTER,
  SCOPE,
  WORKLOAD,
  bookinfoDump,
  rowsCapture,
} from '../../../bench/review-workspace';

const seen = vi.hoisted(() => ({
  /** Each warm-up run: its pauses' answers (false: the page asked something), what it made. */
  runs: [] as { answers: boolean[]; made?: number }[],
  /** Asked at a warm-up's first pause, before the pause answers. */
  atFirstPause: undefined as (() => Promise<unknown>) | undefined,
  /**
   * Whether a run goes on past its first pause: only where the warm-up is to be made, so that
   * every other case finds the workload not warmed, whatever an earlier one did.
   */
  goOn: false,
}));

vi.mock('$lib/engine', async (actual) => {
  const engine = await actual<typeof import('$lib/engine')>();
  const createWorkspace: typeof engine.createWorkspace = (...args) => {
    const w = engine.createWorkspace(...args);
    const warm = w.warmInclusion;
    w.warmInclusion = async (r, pause) => {
      const run: (typeof seen.runs)[number] = { answers: [] };
      seen.runs.push(run);
      const ask = seen.atFirstPause;
      seen.atFirstPause = undefined;
      const made = await warm(r, async () => {
        if (ask && run.answers.length === 0) await ask();
        const go = await pause!();
        run.answers.push(go);
        return go && seen.goOn;
      });
      run.made = made.length;
      return made;
    };
    return w;
  };
  return { ...engine, createWorkspace };
});

const wait = (ms: number) => new Promise((go) => setTimeout(go, ms));
/** Resolves once `cond` holds (polled; a loaded machine delays the timers and the warm-up). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !cond(); i++) await wait(50);
  expect(cond()).toBe(true);
}
const settled = () => seen.runs.every((r) => r.made !== undefined);

const REQUEST: PolicyRequest = {
  ...SCOPE,
  workload: WORKLOAD,
  decisions: defaultDecisions(WORKLOAD),
};

/** What the page asks that stops the warm-up. */
const requests: [string, () => Promise<unknown>][] = [
  ['the rows of a review', () => api.reviewRows({ ...SCOPE, workload: WORKLOAD })],
  ["a policy's YAML", () => api.policyText(REQUEST)],
  ['why rows are denied', () => api.explainRows(REQUEST, [])],
  ['a save', () => api.saveDecisions(CLUSTER, REQUEST.decisions)],
];

beforeAll(async () => {
  api.useDatabase(`warm-inclusion-stops-${Date.now()}`);
  const files: [string, Uint8Array][] = [
    ['cluster-dump.json', new TextEncoder().encode(JSON.stringify(bookinfoDump()))],
    ['flows.jsonl', rowsCapture(WARM_INCLUSION_ROWS + 100)],
  ];
  for (const [name, bytes] of files) {
    const row = await api.importFile(new File([new Uint8Array(bytes)], name), {
      id: name,
      cluster: CLUSTER,
    });
    expect(row.status).toBe('done');
  }
}, 60_000);

beforeEach(() => {
  seen.runs.length = 0;
  seen.atFirstPause = undefined;
  seen.goOn = false;
});

describe("the worker's bulk inclusion made ahead, stopped by the page's requests", () => {
  it('a verification answered makes it a moment after, once per workload', async () => {
    // In another dialect than the other cases': they find the workload not warmed in theirs.
    const check = { ...REQUEST, dialect: 'cilium' };
    seen.goOn = true;
    await api.policyCheck(check);
    expect(seen.runs).toEqual([]);
    await until(() => seen.runs.length === 1 && settled());
    // Its two parts (the policy's documents, their verification), each followed by a pause.
    expect(seen.runs).toEqual([{ answers: [true, true], made: 1 }]);
    await api.policyCheck(check);
    await until(() => seen.runs.length === 2 && settled());
    expect(seen.runs[1]).toEqual({ answers: [], made: 0 });
  });

  for (const [what, ask] of requests) {
    it(`${what} before it starts: it does not`, async () => {
      await api.policyCheck(REQUEST);
      await ask();
      await wait(WARM_AFTER_MS + 250);
      expect(seen.runs).toEqual([]);
    });

    it(`${what} between two of its parts: it stops at the next`, async () => {
      let asked = false;
      seen.atFirstPause = () => ((asked = true), ask());
      await api.policyCheck(REQUEST);
      await until(() => seen.runs.length === 1 && settled());
      expect(asked).toBe(true);
      expect(seen.runs).toEqual([{ answers: [false], made: 0 }]);
    });
  }
});
