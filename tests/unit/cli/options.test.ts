/**
 * The options `analyze` and `generate` share (src/cli/options.ts), through main(): both read a
 * --from/--to without an offset as UTC whatever the machine's time zone, and both refuse an
 * --entity that is only an inherited object property name.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOAD_WAIT_MS, loadedFirst } from '../../../src/cli/options';
import { runCli } from './run-cli';

const BOOK = join(import.meta.dirname, '../../fixtures/policy/cli-hubble-bookinfo');
const FLOWS = join(BOOK, 'hubble-otel_basic-sample-400-tcp-flows.json');
const bookArgs = [
  '--metadata',
  join(BOOK, 'cluster.json'),
  join(BOOK, 'bookinfo.json'),
  '--flows',
  FLOWS,
  '--namespace',
  'bookinfo',
  '--entity',
  'deployment',
];

const cli = runCli;

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('options shared by analyze and generate', () => {
  // The capture's flows run from 2021-11-10T10:40:56.4Z to 10:41:00.4Z. Read as local time in
  // Asia/Kolkata (UTC+05:30), 10:41:01 would be 05:11:01Z: before every flow.
  it('generate reads --from/--to without an offset as UTC in any time zone', async () => {
    process.env.TZ = 'Asia/Kolkata';
    const name = ['--name', 'productpage-v1'];
    const upTo = await cli('generate', ...bookArgs, ...name, '--to', '2021-11-10T10:41:01');
    expect(upTo.code).toBe(0);
    expect(upTo.out).toContain('    - port: 9080\n      protocol: TCP\n');
    const after = await cli('generate', ...bookArgs, ...name, '--from', '2021-11-10T10:41:01');
    expect(after.code).toBe(0);
    expect(after.out).not.toContain('ingress:');
    expect(after.out).not.toContain('egress:');
  });

  it('analyze reads them the same way', async () => {
    process.env.TZ = 'Asia/Kolkata';
    const count = async (...window: string[]) => {
      const r = await cli('analyze', '--flows', FLOWS, ...window, '--json');
      return (JSON.parse(r.out) as { communications: unknown[] }).communications.length;
    };
    expect(await count('--to', '2021-11-10T10:41:01')).toBeGreaterThan(0);
    expect(await count('--from', '2021-11-10T10:41:01')).toBe(0);
  });

  it.each(['analyze', 'generate'])('%s refuses --entity constructor', async (command) => {
    const r = await cli(command, ...bookArgs.slice(0, -2), '--entity', 'constructor');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `netpolish ${command}: --entity must be one of deployment, daemonset, statefulset, cronjob, job, service (got 'constructor')\n`,
    );
  });
});

describe('the inventory build beside parse workers started with the run', () => {
  it('runs around the build only once the workers have loaded, waiting at most LOAD_WAIT_MS', () => {
    const asked: number[] = [];
    const around = <T>(build: () => T): T => {
      asked.push(-1);
      return build();
    };
    for (const loaded of [true, false]) {
      asked.length = 0;
      const parts = {
        loadedWithin: (ms: number): boolean => {
          asked.push(ms);
          return loaded;
        },
      };
      expect(loadedFirst(parts, around)(() => 'built')).toBe('built');
      expect(asked).toEqual(loaded ? [LOAD_WAIT_MS, -1] : [LOAD_WAIT_MS]);
    }
    expect(LOAD_WAIT_MS).toBeGreaterThan(0);
  });
});
