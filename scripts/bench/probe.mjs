// The benchmark's own rules.
//
// `typed-baseline` runs in every configuration. typescript-eslint builds type
// information lazily: the first rule that asks for the checker pays for
// creating it (typescript-eslint issue #4251). A config without any typed rule
// would therefore not be a fair baseline for a typed plugin, so (a) runs this
// rule, which only fetches the parser services and the checker once per file,
// and (b) and (c) run it too.
//
// `stripe-calls` finds the files with a call that resolves to a declaration in
// the stripe package (only in untimed runs): the files where the plugin has
// work to do. Every other file should cost the plugin no type query.
import { ESLintUtils } from '@typescript-eslint/utils';

/** Files with a call of a function or method declared in the stripe package. */
export const stripeCallFiles = new Set();

const STRIPE_DECLARATION = /[\\/]node_modules[\\/]stripe[\\/]/;

/** Set to false to make `stripe-calls` do nothing (the editor loop classifies only in its untimed first lint). */
export const classifier = { enabled: true };

export const probePlugin = {
  meta: { name: 'bench-probe' },
  rules: {
    'typed-baseline': {
      meta: {
        type: 'problem',
        schema: [],
        docs: { description: 'Fetches the type checker once per file.' },
      },
      create(context) {
        ESLintUtils.getParserServices(context).program.getTypeChecker();
        return {};
      },
    },
    'stripe-calls': {
      meta: {
        type: 'problem',
        schema: [],
        docs: { description: 'Records files that call the stripe SDK.' },
      },
      create(context) {
        if (!classifier.enabled) return {};
        const services = ESLintUtils.getParserServices(context);
        const checker = services.program.getTypeChecker();
        const file = context.physicalFilename;
        const declarationsOf = (callee) => {
          // From the callee's symbol (a method of a resource) or its type's call signatures (a
          // destructured method): unlike resolving the call's signature, no argument is checked,
          // which keeps this untimed run from type-checking every call of a large app.
          if (callee.type === 'MemberExpression')
            return (
              checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(callee.property))
                ?.declarations ?? []
            );
          return checker
            .getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(callee))
            .getCallSignatures()
            .flatMap((signature) => (signature.declaration ? [signature.declaration] : []));
        };
        return {
          CallExpression(node) {
            if (stripeCallFiles.has(file)) return;
            let callee = node.callee;
            while (callee.type === 'TSNonNullExpression') callee = callee.expression;
            if (
              declarationsOf(callee).some((declaration) =>
                STRIPE_DECLARATION.test(declaration.getSourceFile().fileName),
              )
            ) {
              stripeCallFiles.add(file);
            }
          },
        };
      },
    },
  },
};
