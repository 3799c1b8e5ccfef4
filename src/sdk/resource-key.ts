import path from 'node:path';
import ts from 'typescript';
import type { StripePackage } from './stripe-package.js';

/**
 * The resource a method is declared on, as the verb table keys it: `Checkout/Sessions` for
 * `types/Checkout/SessionsResource.d.ts` (11.5–21) or `cjs|esm/resources/Checkout/Sessions.d.ts`
 * (22+). The other `types/` declarations are named by their class and the namespaces around it:
 * 8–11.0 declare each resource beside its object under `types/<api-version>/`
 * (`class SessionsResource` in `types/2020-08-27/Checkout/Sessions.d.ts`), and every `types/`
 * layout a few hand-written ones elsewhere (`class OAuthResource` in `types/OAuth.d.ts`).
 */
export function resourceKeyOf(
  pkg: StripePackage,
  declaration: ts.SignatureDeclaration,
): string | undefined {
  const relative = path
    .relative(pkg.root, declaration.getSourceFile().fileName)
    .split(path.sep)
    .join('/');
  const ambient = /^types\/(.+)Resource\.d\.ts$/.exec(relative);
  if (ambient) return ambient[1];
  if (pkg.layout === 'ambient' && relative.startsWith('types/'))
    return ambientClassKey(declaration);
  return /^(?:cjs|esm)\/resources\/(.+)\.d\.ts$/.exec(relative)?.[1];
}

/** `namespace Stripe { namespace Billing { class MetersResource { … } } }` → `Billing/Meters`. */
function ambientClassKey(declaration: ts.SignatureDeclaration): string | undefined {
  const owner = declaration.parent;
  if (!ts.isClassDeclaration(owner) || !owner.name?.text.endsWith('Resource')) return undefined;
  const names = [owner.name.text.slice(0, -'Resource'.length)];
  for (let node: ts.Node = owner.parent; !ts.isSourceFile(node); node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isIdentifier(node.name)) names.unshift(node.name.text);
  }
  // Every resource sits in `namespace Stripe`, which the SDK's property paths leave out.
  return names[0] === 'Stripe' && names.length > 1 ? names.slice(1).join('/') : undefined;
}
