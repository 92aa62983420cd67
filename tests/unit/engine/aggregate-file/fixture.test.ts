import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countedAggregates } from '../../../../src/lib/engine/aggregate/undetermined';
import { atFileWidth } from './duckdb';
import { analyzeFiles } from './duckdb';

const ROOT = join(__dirname, '../../../..');
const DUMP = join(ROOT, 'static/samples/bookinfo-kind_cluster-dump.json');
const RAW = ['tcp', 'udp'].map((p) =>
  join(ROOT, `static/samples/hubble-otel_basic-sample-400-${p}-flows.json`),
);
const PARTS = [0, 1].map((i) =>
  join(ROOT, `tests/fixtures/aggregate-file/bookinfo-hubble-400/part-0000${i}.parquet`),
);

describe('the committed aggregate parts (the end-to-end test drops them)', () => {
  it('import to exactly the aggregates of the demo captures', async () => {
    const raw = await analyzeFiles([DUMP, ...RAW]);
    const agg = await analyzeFiles([DUMP, ...PARTS]);
    expect(agg.files.slice(1).map((f) => f.format)).toEqual([
      'netpolish-aggregate',
      'netpolish-aggregate',
    ]);
    expect(agg.aggregates.length).toBeGreaterThan(0);
    // The aggregate file holds the counted communications; undetermined pairs stay with the raw capture.
    expect(agg.aggregates).toEqual(atFileWidth(countedAggregates(raw.aggregates)));
    expect(raw.aggregates.length).toBeGreaterThan(agg.aggregates.length);
  });
});
