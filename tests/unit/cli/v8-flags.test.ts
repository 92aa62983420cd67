/**
 * `analyze` stops V8's optimizing compiler once its flows are read (src/cli/v8-flags.ts), in
 * the CLI's own process only: run inside another process (these tests, with their own io) it
 * leaves that process's flags alone; it turns the compiler off while the dumps are read into the
 * inventory, and on again; allocation-site pretenuring is turned off once, on one thread before
 * the inputs are read or with the worker threads' flags. A flag the user gave Node is left as
 * given. What the
 * bundled CLI sets, and when relative to its worker threads: bundle-load.test.ts; that the
 * pipeline says "flows read" once, after the last byte: pipeline.test.ts and the parts' test.
 */
import v8 from 'node:v8';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../../src/cli/io';

const SAMPLES = join(__dirname, '../../../static/samples');
const DUMP = join(SAMPLES, 'bookinfo-kind_cluster-dump.json');
const FLOWS = join(SAMPLES, 'hubble-otel_basic-sample-400-tcp-flows.json');
const ARGS = ['analyze', '--metadata', DUMP, '--flows', FLOWS, '--json', '--threads', '1'];
const PRETENURING = '--no-allocation-site-pretenuring';

/** The flags set, none of them applied to this process. */
function spyFlags(): string[] {
  const set: string[] = [];
  vi.spyOn(v8, 'setFlagsFromString').mockImplementation((f: string) => void set.push(f));
  return set;
}

/** Fresh modules: the flags are set once per process, remembered in the module. */
async function fresh() {
  vi.resetModules();
  return {
    main: (await import('../../../src/cli/main')).main,
    flags: await import('../../../src/cli/v8-flags'),
  };
}

function io(ownProcess: boolean): CliIo & { text: () => string } {
  let out = '';
  return { out: (t) => void (out += t), err: () => {}, ownProcess, text: () => out };
}

afterEach(() => vi.restoreAllMocks());

describe('the optimizing compiler after the flows', () => {
  it('analyze in its own process stops it once; in another process leaves it', async () => {
    const set = spyFlags();
    const { main } = await fresh();
    const other = io(false);
    expect(await main(ARGS, other)).toBe(0);
    expect(set).toEqual([]);
    const own = io(true);
    expect(await main(ARGS, own)).toBe(0);
    // Pretenuring off first (one thread), the compiler off while the dump is read into the
    // inventory, on for the flows, stopped after them.
    const once = [PRETENURING, '--no-turbofan', '--turbofan', '--no-turbofan'];
    expect(set).toEqual(once);
    expect(own.text()).toBe(other.text());
    expect(await main(ARGS, io(true))).toBe(0);
    expect(set).toEqual(once);
  });

  it('generate in its own process turns it off only while the inventory is built', async () => {
    const set = spyFlags();
    const { main } = await fresh();
    const args = ['generate', ...ARGS.slice(1), '--namespace', 'bookinfo'].filter(
      (a) => a !== '--json',
    );
    const own = io(true);
    expect(await main(args, own)).toBe(0);
    expect(own.text()).toContain('kind: NetworkPolicy');
    expect(set).toEqual([PRETENURING, '--no-turbofan', '--turbofan']);
    const other = io(false);
    expect(await main(args, other)).toBe(0);
    expect(other.text()).toBe(own.text());
    expect(set).toEqual([PRETENURING, '--no-turbofan', '--turbofan']);
  });

  it('leaves it as the user gave it, by either name, sense or spelling', async () => {
    for (const given of [
      ['--turbofan'],
      ['--no-turbofan'],
      ['--no_turbofan'],
      ['--opt'],
      ['--no-opt'],
    ]) {
      const set = spyFlags();
      const { flags } = await fresh();
      flags.stopOptimizing(given);
      expect(set, given[0]).toEqual([]);
      vi.restoreAllMocks();
    }
    const set = spyFlags();
    const { flags } = await fresh();
    flags.stopOptimizing(['--max-inlined-bytecode-size-cumulative=500', '--stack-size=900'], {});
    flags.stopOptimizing([], {});
    expect(set).toEqual(['--no-turbofan']);
  });

  it("leaves it on in the run that writes the code cache (which then holds the query's code)", async () => {
    const set = spyFlags();
    const { flags } = await fresh();
    flags.stopOptimizing([], { NETPOLISH_CODE_CACHE_OUT: '/tmp/x.cache' });
    expect(set).toEqual([]);
    flags.stopOptimizing([], {});
    expect(set).toEqual(['--no-turbofan']);
  });
});

describe('the optimizing compiler while the dumps are read into the inventory', () => {
  it('is off while the build runs, and on again after it, also when it throws', async () => {
    const set = spyFlags();
    const { flags } = await fresh();
    const during: string[][] = [];
    const build = (): number => {
      during.push([...set]);
      return 7;
    };
    expect(flags.withoutOptimizing(build, [], {})).toBe(7);
    expect(during).toEqual([['--no-turbofan']]);
    expect(set).toEqual(['--no-turbofan', '--turbofan']);
    const fails = (): never => {
      throw new Error('bad dump');
    };
    expect(() => flags.withoutOptimizing(fails, [], {})).toThrow('bad dump');
    expect(set).toEqual(['--no-turbofan', '--turbofan', '--no-turbofan', '--turbofan']);
  });

  it("leaves it as the user gave it, once it is stopped, and in the code cache's run", async () => {
    for (const given of [['--turbofan'], ['--no_turbofan'], ['--no-opt'], ['--jitless']]) {
      const set = spyFlags();
      const { flags } = await fresh();
      expect(flags.withoutOptimizing(() => 1, given, {})).toBe(1);
      expect(set, given[0]).toEqual([]);
      vi.restoreAllMocks();
    }
    // --jitless in NODE_OPTIONS (where Node allows it) counts as given too.
    vi.stubEnv('NODE_OPTIONS', '--max-old-space-size=900 --jitless');
    let set = spyFlags();
    let flags = (await fresh()).flags;
    flags.withoutOptimizing(() => 1);
    expect(set).toEqual([]);
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    set = spyFlags();
    flags = (await fresh()).flags;
    flags.withoutOptimizing(() => 1, [], { NETPOLISH_CODE_CACHE_OUT: '/tmp/x.cache' });
    expect(set).toEqual([]);
    flags.stopOptimizing([]);
    flags.withoutOptimizing(() => 1, [], {});
    expect(set).toEqual(['--no-turbofan']);
  });
});

describe('allocation-site pretenuring for the flow lines', () => {
  it('is turned off once, by either path: one thread, or once the workers loaded', async () => {
    const set = spyFlags();
    const { flags } = await fresh();
    expect(flags.LINES_V8_FLAGS).toEqual([PRETENURING]);
    flags.applyLinesV8Flags([], {});
    flags.applyLinesV8Flags([], {});
    flags.applyV8Flags([]);
    expect(set).toEqual([PRETENURING, ...flags.CLI_V8_FLAGS]);
    vi.restoreAllMocks();
    const threads = spyFlags();
    const again = (await fresh()).flags;
    again.applyV8Flags([]);
    expect(threads).toEqual([...again.CLI_V8_FLAGS, PRETENURING]);
    again.applyLinesV8Flags([], {});
    expect(threads).toEqual([...again.CLI_V8_FLAGS, PRETENURING]);
  });

  it('leaves it as the user gave it, by either sense or spelling', async () => {
    for (const given of [
      ['--allocation-site-pretenuring'],
      ['--no-allocation-site-pretenuring'],
      ['--no_allocation_site_pretenuring'],
    ]) {
      const set = spyFlags();
      const { flags } = await fresh();
      flags.applyLinesV8Flags(given, {});
      flags.applyV8Flags(given);
      expect(set, given[0]).toEqual([...flags.CLI_V8_FLAGS]);
      vi.restoreAllMocks();
    }
  });

  it("is left on in the build's run that writes the code cache", async () => {
    const set = spyFlags();
    const { flags } = await fresh();
    flags.applyLinesV8Flags([], { NETPOLISH_CODE_CACHE_OUT: '/tmp/x.cache' });
    expect(set).toEqual([]);
    flags.applyLinesV8Flags([], {});
    expect(set).toEqual([PRETENURING]);
  });

  it('is not set by analyze on one thread in another process, nor with worker threads', async () => {
    const set = spyFlags();
    const { main } = await fresh();
    expect(await main(ARGS, io(false))).toBe(0);
    expect(set).toEqual([]);
    // Two threads, the inputs too small to be cut: no worker starts, and none of the flags for
    // worker threads or the lines is set (a worker started after a flag refuses its code cache).
    const two = [...ARGS.slice(0, -1), '2'];
    expect(await main(two, io(true))).toBe(0);
    expect(set).toEqual(['--no-turbofan', '--turbofan', '--no-turbofan']);
  });
});
