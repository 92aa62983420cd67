/**
 * The worker compiles the policy validator while the page waits for its first choice: once, a
 * moment after the page's first workload list is answered — not while answering it.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { WARM_AFTER_MS, api } from '../../../workers/engine-api';
import { validationWarm, warmValidation } from '../../../src/lib/engine';

describe('the validator warmed while the page waits', () => {
  it('after the first workload list', async () => {
    api.useDatabase(`warm-validation-${Date.now()}`);
    expect(validationWarm()).toBe(false);
    await api.scopeWorkloads({ cluster: 'kind', entity: 'Deployment' });
    expect(validationWarm()).toBe(false);
    await new Promise((r) => setTimeout(r, WARM_AFTER_MS + 100));
    expect(validationWarm()).toBe(true);
  });

  it('on a policy the validator finds valid', () => {
    expect(warmValidation()).toBe(true);
  });
});
