/**
 * The project's own ESLint rules (wired in eslint.config.js as the `netpolish` plugin).
 * - no-hand-built-workload-key: a workload's `Kind/namespace/name` key is built only by
 *   `workloadKey` (src/lib/engine/model/ids.ts); a template literal `${…kind}/${…namespace}/${…name}`
 *   anywhere else is an error, so the key keeps one shape and one type (WorkloadKey).
 */

/**
 * The last name of an expression: `kind` for `kind`, `p.owner.kind`, `w?.kind`.
 * @param {import('estree').Node} node
 * @returns {string | null}
 */
function tailName(node) {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ChainExpression') return tailName(node.expression);
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier')
    return node.property.name;
  return null;
}

const SHAPE = [['kind'], ['namespace', 'ns'], ['name']];

/** @type {import('eslint').Rule.RuleModule} */
const noHandBuiltWorkloadKey = {
  meta: {
    type: 'problem',
    docs: { description: 'Build workload keys with workloadKey() from model/ids.ts' },
    messages: {
      handBuilt:
        "Build a workload's key with workloadKey() (src/lib/engine/model/ids.ts), not by hand.",
    },
    schema: [],
  },
  create(context) {
    return {
      TemplateLiteral(node) {
        const { expressions: exprs, quasis } = node;
        for (let i = 0; i + 2 < exprs.length; i++) {
          const between = [quasis[i + 1]?.value.cooked, quasis[i + 2]?.value.cooked];
          if (between[0] !== '/' || between[1] !== '/') continue;
          const names = [0, 1, 2].map((k) => {
            const e = exprs[i + k];
            return e ? tailName(e) : null;
          });
          if (names.every((n, k) => n !== null && (SHAPE[k] ?? []).includes(n))) {
            context.report({ node, messageId: 'handBuilt' });
            return;
          }
        }
      },
    };
  },
};

export default {
  rules: { 'no-hand-built-workload-key': noHandBuiltWorkloadKey },
};
