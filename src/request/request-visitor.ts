import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName } from '../util/index.js';
import { calleeMethodName, mayBeStripeRequest, RAW_REQUEST } from './call-syntax.js';
import { getFileAnalysis, type FileAnalysis } from '../sdk/index.js';
import { findIdempotencyKey } from './sdk-key.js';
import { objectLiteralOf } from './object-literal.js';
import type { KeyFinding } from './key-finding.js';
import { isKeySpelling } from './key-spelling.js';
import { findHttpKey, getHttpRequest, type HttpRequest } from './raw-http.js';
import {
  describeRequest,
  getStripeRequest,
  isMutating,
  type StripeRequest,
} from './stripe-request.js';

interface Established<Via extends 'sdk' | 'http', Request> {
  readonly via: Via;
  /** The linted file's shared analysis. */
  readonly file: FileAnalysis;
  readonly call: TSESTree.CallExpression;
  readonly request: Request;
  /**
   * How messages name it: `refunds.create`; by its route where the name alone says nothing (`fetch
   * (POST /v1/refunds)`).
   */
  readonly description: string;
  /** A POST: a retry repeats its side effect. */
  readonly mutating: boolean;
  /**
   * What its options (SDK) or headers (raw HTTP) say of its idempotency key; worked out on first
   * use.
   */
  readonly key: KeyFinding;
}

/** A request to Stripe the engine has established, with its key facts: what every rule receives. */
export type EstablishedRequest =
  Established<'sdk', StripeRequest> | Established<'http', HttpRequest>;

function establish<Via extends 'sdk' | 'http', Request extends StripeRequest | HttpRequest>(
  file: FileAnalysis,
  via: Via,
  request: Request,
  findKey: () => KeyFinding,
): Established<Via, Request> {
  let key: KeyFinding | undefined;
  return {
    via,
    file,
    call: request.call,
    request,
    // An SDK method names its endpoint; the route would only lengthen every message.
    description:
      via === 'sdk' && request.operation !== RAW_REQUEST
        ? request.operation
        : describeRequest(request),
    mutating: isMutating(request),
    get key() {
      return (key ??= findKey());
    },
  };
}

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

const established = new WeakMap<TSESTree.CallExpression, EstablishedRequest | null>();

/**
 * The request to Stripe a call makes, established once per call for all
 * rules: an SDK request (every POST; other verbs only when the call writes key
 * options), or a raw HTTP request to the Stripe API.
 */
export function getEstablishedRequest(
  file: FileAnalysis,
  call: TSESTree.CallExpression,
): EstablishedRequest | undefined {
  let found = established.get(call);
  if (found === undefined) {
    const name = calleeMethodName(call);
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
      ? establish(file, 'sdk', sdk, () => findIdempotencyKey(file, sdk))
      : http
        ? establish(file, 'http', http, () => findHttpKey(file, http))
        : null;
    established.set(call, found);
  }
  return found ?? undefined;
}

export interface RequestListener {
  /** Each established request, in source order. */
  request(request: EstablishedRequest): void;
  /** After the whole file. */
  done?(): void;
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
  // A file that can make no request to Stripe gets no visitor, rather than every call passing
  // through each rule.
  if (!file.seesSdk && !file.mentionsStripe) return {};
  return {
    CallExpression(node) {
      const request = getEstablishedRequest(file, node);
      if (request) listener.request(request);
    },
    ...(listener.done && { 'Program:exit': () => listener.done?.() }),
  };
}
