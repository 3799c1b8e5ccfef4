import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName } from '../util/index.js';
import { mayBeStripeRequest, RAW_REQUEST, requestMethodName } from './call-syntax.js';
import {
  getFileAnalysis,
  mayMention,
  missingStripeImport,
  type FileAnalysis,
} from '../sdk/index.js';
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
  /**
   * The names of the other calls the listener wants (`otherCall` sees no call of a file that does
   * not say `stripe` and names none of them, nor an SDK method).
   */
  otherCallNames?(file: FileAnalysis): ReadonlySet<string>;
  /** After the whole file, when its calls were visited. */
  done?(): void;
  /** At the start of a file whose `stripe` import resolves to no package: nothing can be checked. */
  stripeNotInstalled?(stripeImport: TSESTree.Node): void;
}

function mentionsAny(file: FileAnalysis, names: Iterable<string>): boolean {
  for (const name of names) if (mayMention(file.sourceFile, name)) return true;
  return false;
}

const namesSdkMethod = new WeakMap<FileAnalysis, boolean>();

/**
 * Whether a file's text names a method of the SDK, by the parser's identifier table (which holds
 * a quoted member's name too: `refunds['create']`). True when a verb table cannot be read, and any
 * name may be one.
 */
function mayNameSdkMethod(file: FileAnalysis): boolean {
  let names = namesSdkMethod.get(file);
  if (names === undefined) {
    const methods = file.sdkMethodNames;
    names = !methods || mentionsAny(file, [RAW_REQUEST]) || mentionsAny(file, methods);
    namesSdkMethod.set(file, names);
  }
  return names;
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
  // A file that does not say `stripe` imports no `stripe` and writes no Stripe URL: it can make a
  // request only through the SDK's types, by a method's name, and call only the functions the
  // listener names. Otherwise it gets no listener at all. Names first: the reach is a walk.
  if (
    !file.mentionsStripe &&
    !(
      (mayNameSdkMethod(file) || mentionsAny(file, listener.otherCallNames?.(file) ?? [])) &&
      file.seesSdk
    )
  )
    return {};
  const listeners: TSESLint.RuleListener = {
    CallExpression(node) {
      const request = getEstablishedRequest(file, node);
      if (request) listener.request(request);
      else listener.otherCall?.(node, file);
    },
  };
  if (listener.stripeNotInstalled)
    listeners.Program = () => {
      const stripeImport = missingStripeImport(file);
      if (stripeImport) listener.stripeNotInstalled?.(stripeImport);
    };
  if (listener.done) listeners['Program:exit'] = () => listener.done?.();
  return listeners;
}
