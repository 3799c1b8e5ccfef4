import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName } from '../util/index.js';
import { mayBeStripeRequest, requestMethodName } from './call-syntax.js';
import { getFileAnalysis, missingStripeImport, type FileAnalysis } from '../sdk/index.js';
import { findIdempotencyKey } from './sdk-key.js';
import { objectLiteralOf } from './object-literal.js';
import { isKeySpelling } from './key-spelling.js';
import { findHttpKey, getHttpRequest } from './raw-http.js';
import {
  HttpRequestContext,
  SdkRequestContext,
  type EstablishedRequest,
} from './request-context.js';
import { getStripeRequest } from './stripe-request.js';

/**
 * Whether the call writes something only a rule about key placement needs to
 * see on a request that is not a POST: a key spelling or `headers` in an
 * object argument. Syntax and scope only.
 */
function writesKeyOptions(file: FileAnalysis, call: TSESTree.CallExpression): boolean {
  return call.arguments.some((arg) =>
    objectLiteralOf(file, arg)?.properties.some((property) => {
      const name = property.type === 'Property' ? propertyName(property) : undefined;
      return name !== undefined && (name === 'headers' || isKeySpelling(name));
    }),
  );
}

// Requests by call; most calls make none, and the rules ask of each in turn, so the last answer
// is kept aside and a map holds only requests (a key per call costs more than the filters).
const established = new WeakMap<TSESTree.CallExpression, EstablishedRequest>();
let lastCall: TSESTree.CallExpression | undefined;
let lastFound: EstablishedRequest | undefined;

/**
 * The request to Stripe a call makes, established once per call for all
 * rules: an SDK request (every POST; other verbs only when the call writes key
 * options), or a raw HTTP request to the Stripe API.
 */
export function getEstablishedRequest(
  file: FileAnalysis,
  call: TSESTree.CallExpression,
): EstablishedRequest | undefined {
  if (call === lastCall) return lastFound;
  let found = established.get(call);
  if (found === undefined) {
    const name = requestMethodName(file, call);
    // Cheapest first: the method name, then the arguments' syntax, and only then a type query.
    const verbs =
      name === undefined
        ? undefined
        : mayBeStripeRequest(file, name, 'post')
          ? 'post'
          : mayBeStripeRequest(file, name, 'any') && writesKeyOptions(file, call)
            ? 'any'
            : undefined;
    const sdk = verbs && getStripeRequest(file, call, verbs);
    const http = sdk ? undefined : getHttpRequest(file, call);
    found = sdk
      ? new SdkRequestContext(file, sdk, () => findIdempotencyKey(file, sdk))
      : http
        ? new HttpRequestContext(file, http, () => findHttpKey(file, http))
        : undefined;
    if (found) established.set(call, found);
  }
  lastCall = call;
  lastFound = found;
  return found;
}

export interface RequestListener {
  /** Each established request, in source order. */
  request(request: EstablishedRequest): void;
  /**
   * Each other call of a file that can make requests: a call of a function that sends one, say.
   */
  otherCall?(call: TSESTree.CallExpression, file: FileAnalysis): void;
  /** After the whole file. */
  done?(): void;
  /** At the start of a file whose `stripe` import resolves to no package: nothing can be checked. */
  stripeNotInstalled?(stripeImport: TSESTree.Node): void;
}

/**
 * The one visitor of a rule: the engine finds the file's Stripe requests
 * (once, for every rule), and the rule adds only its policy and messages.
 */
export function defineRequestVisitor(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  listener: RequestListener,
): TSESLint.RuleListener {
  const file = getFileAnalysis(context);
  const done: TSESLint.RuleListener = listener.done
    ? { 'Program:exit': () => listener.done?.() }
    : {};
  // A file that neither sees the SDK's types nor says `stripe` can make no request, call no
  // function that sends a key it is passed, and import no `stripe`: its calls are not visited.
  if (!file.mentionsStripe && !file.seesSdk) return done;
  const start: TSESLint.RuleListener = listener.stripeNotInstalled
    ? {
        Program() {
          const stripeImport = missingStripeImport(file);
          if (stripeImport) listener.stripeNotInstalled?.(stripeImport);
        },
      }
    : {};
  return {
    ...start,
    CallExpression(node) {
      const request = getEstablishedRequest(file, node);
      if (request) listener.request(request);
      else listener.otherCall?.(node, file);
    },
    ...done,
  };
}
