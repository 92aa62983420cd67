import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import plugin from '../../../scripts/lint-rules.js';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });

tester.run('no-hand-built-workload-key', plugin.rules['no-hand-built-workload-key'], {
  valid: [
    'const k = workloadKey(w);',
    'const s = `${svc.namespace}/${svc.name}`;',
    'const c = `${o.kind}/${o.name}`;',
    'const t = `${w.kind} ${w.namespace}/${w.name}`;',
    'const n = `${a.kind}/${b.name}/${c.namespace}`;',
  ],
  invalid: [
    {
      code: 'const k = `${w.kind}/${w.namespace}/${w.name}`;',
      errors: [{ messageId: 'handBuilt' }],
    },
    { code: 'const k = `${kind}/${ns}/${name}`;', errors: [{ messageId: 'handBuilt' }] },
    {
      code: 'const k = `workload:${p.owner.kind}/${p.namespace}/${p.owner.name}`;',
      errors: [{ messageId: 'handBuilt' }],
    },
    {
      code: 'const k = `${c}|${w?.kind}/${w?.namespace}/${w?.name}`;',
      errors: [{ messageId: 'handBuilt' }],
    },
  ],
});
