// The baseline typed rule every benchmark configuration runs first.
//
// typescript-eslint builds type information lazily: the first rule that asks
// for the checker pays for creating it (typescript-eslint issue #4251). A
// config without any typed rule would therefore not be a fair baseline for a
// typed plugin, so (a) runs this rule, which only fetches the parser services
// and the checker once per file, and (b) and (c) run it too.
//
// It also marks where each file starts: ESLint lints files one after another
// in a thread (a file's rules run synchronously from `create` to
// `Program:exit`), so the plugin's type-query counter read here at the start
// of each file, and once after the run, gives the queries made in each file.
import { ESLintUtils } from '@typescript-eslint/utils';

/** [file, counter value when its linting started], in linting order. */
export const fileStarts = [];

let readCounter = () => 0;

/** Sets where the type-query counter is read from (the plugin's `engineStats`). */
export function countQueriesWith(read) {
  readCounter = read;
}

/** Files with a call that resolves to a declaration in the stripe package (the `classify` run). */
export const stripeCallFiles = new Set();

const STRIPE_DECLARATION = /[\\/]node_modules[\\/]stripe[\\/]/;

export const probePlugin = {
  meta: { name: 'bench-probe' },
  rules: {
    'typed-baseline': {
      meta: { type: 'problem', schema: [], docs: { description: 'Fetches the type checker once per file.' } },
      create(context) {
        ESLintUtils.getParserServices(context).program.getTypeChecker();
        fileStarts.push([context.physicalFilename, readCounter()]);
        return {};
      },
    },
    // Only for projects the benchmark did not generate: which files call Stripe.
    'stripe-calls': {
      meta: { type: 'problem', schema: [], docs: { description: 'Records files that call the stripe SDK.' } },
      create(context) {
        const services = ESLintUtils.getParserServices(context);
        const checker = services.program.getTypeChecker();
        const file = context.physicalFilename;
        return {
          CallExpression(node) {
            if (stripeCallFiles.has(file)) return;
            const declaration = checker.getResolvedSignature(services.esTreeNodeToTSNodeMap.get(node))?.declaration;
            if (declaration && STRIPE_DECLARATION.test(declaration.getSourceFile().fileName)) stripeCallFiles.add(file);
          },
        };
      },
    },
  },
};
