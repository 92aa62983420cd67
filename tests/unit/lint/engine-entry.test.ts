/**
 * The engine's one public entry (src/lib/engine/index.ts): the project's ESLint config refuses
 * an import of an engine internal from outside the engine, and allows the entry and, inside the
 * engine, its own modules.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function restricted(code: string, filePath: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('engine entry lint rule', () => {
  it('refuses an engine internal outside the engine, by alias or by relative path', async () => {
    const internal =
      "import { workloadKey } from '$lib/engine/model/ids';\nexport const k = workloadKey;\n";
    expect(await restricted(internal, 'src/lib/state/probe.ts')).toBe(1);
    expect(await restricted(internal, 'workers/probe.ts')).toBe(1);
    const relative =
      "import { workloadKey } from '../lib/engine/model/ids';\nexport const k = workloadKey;\n";
    expect(await restricted(relative, 'src/cli/probe.ts')).toBe(1);
  });

  it('allows the entry outside the engine, and internals inside it', async () => {
    const entry = "import { workloadKey } from '$lib/engine';\nexport const k = workloadKey;\n";
    expect(await restricted(entry, 'src/lib/state/probe.ts')).toBe(0);
    const cli =
      "import { workloadKey } from '../lib/engine/index';\nexport const k = workloadKey;\n";
    expect(await restricted(cli, 'src/cli/probe.ts')).toBe(0);
    const inside = "import { workloadKey } from '../model/ids';\nexport const k = workloadKey;\n";
    expect(await restricted(inside, 'src/lib/engine/policy/probe.ts')).toBe(0);
  });
});
