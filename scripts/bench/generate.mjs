// Deterministic synthetic TypeScript service codebase for the benchmark.
//
// `generateProject` writes ~1,700 files (~150k lines): per domain entity a
// types, repository, service, handler, mapping, background (events, jobs) and
// access (cache, policy) module; a shared lib; a composition root; and 3%
// billing files that call stripe-node 23 (key helpers in another file, a
// wrapper class, batch and retry loops, keyed and unkeyed calls). Ordinary
// code deliberately calls methods named like Stripe POST methods (create,
// update, confirm, cancel, close, refresh, post...) and list()/find() on
// non-Stripe objects. `generateStress` writes one file with 2,000 Stripe calls
// over long key-helper chains. All of it type-checks under `strict`.
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: a small seeded PRNG, so every run generates the same code. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const sample = (list, count) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, count);
  };
  return { next, int, pick, sample };
}

const pascal = (s) => s[0].toUpperCase() + s.slice(1);
const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src'],
};

const DOMAINS = [
  'order',
  'invoice',
  'shipment',
  'customer',
  'product',
  'cart',
  'payment',
  'coupon',
  'review',
  'ticket',
  'account',
  'address',
  'warehouse',
  'supplier',
  'employee',
  'schedule',
  'booking',
  'message',
  'document',
  'report',
  'seller',
];
const QUALIFIERS = [
  '',
  'Line',
  'Batch',
  'Item',
  'Note',
  'Audit',
  'Snapshot',
  'Draft',
  'Export',
  'Quota',
  'Template',
];
const STATUSES = ['draft', 'pending', 'confirmed', 'suspended', 'closed', 'expired'];

// [name, TS type, DTO type, row→DTO, DTO→row, validity check on `v`]
const FIELD_POOL = [
  [
    'name',
    'string',
    'string',
    (e) => e,
    (e) => e,
    (v) => `typeof ${v} === 'string' && ${v}.trim().length > 0`,
  ],
  [
    'description',
    'string',
    'string',
    (e) => e,
    (e) => e,
    (v) => `typeof ${v} === 'string' && ${v}.length <= 2000`,
  ],
  [
    'amountCents',
    'number',
    'number',
    (e) => e,
    (e) => e,
    (v) => `Number.isInteger(${v}) && ${v} >= 0`,
  ],
  ['quantity', 'number', 'number', (e) => e, (e) => e, (v) => `Number.isInteger(${v}) && ${v} > 0`],
  ['priority', 'number', 'number', (e) => e, (e) => e, (v) => `Number.isFinite(${v})`],
  [
    'tags',
    'string[]',
    'string[]',
    (e) => `[...${e}]`,
    (e) => `[...${e}]`,
    (v) => `Array.isArray(${v}) && ${v}.every((t) => typeof t === 'string')`,
  ],
  ['active', 'boolean', 'boolean', (e) => e, (e) => e, (v) => `typeof ${v} === 'boolean'`],
  [
    'notes',
    'string | null',
    'string | null',
    (e) => e,
    (e) => e,
    (v) => `${v} === null || typeof ${v} === 'string'`,
  ],
  [
    'region',
    "'eu' | 'us' | 'apac'",
    "'eu' | 'us' | 'apac'",
    (e) => e,
    (e) => e,
    (v) => `['eu', 'us', 'apac'].includes(${v})`,
  ],
  [
    'externalRef',
    'string | null',
    'string | null',
    (e) => e,
    (e) => e,
    (v) => `${v} === null || /^[A-Za-z0-9_-]+$/.test(${v})`,
  ],
  ['score', 'number', 'number', (e) => e, (e) => e, (v) => `${v} >= 0 && ${v} <= 100`],
  [
    'labels',
    'Record<string, string>',
    'Record<string, string>',
    (e) => `{ ...${e} }`,
    (e) => `{ ...${e} }`,
    (v) => `typeof ${v} === 'object' && ${v} !== null`,
  ],
  [
    'dueAt',
    'Date | null',
    'string | null',
    (e) => `${e}?.toISOString() ?? null`,
    (e) => `${e} === null ? null : new Date(${e})`,
    (v) => `${v} === null || !Number.isNaN(${v}.getTime())`,
  ],
  ['currency', 'string', 'string', (e) => e, (e) => e, (v) => `/^[a-z]{3}$/.test(${v})`],
  ['email', 'string', 'string', (e) => e, (e) => e, (v) => `/^[^@\\s]+@[^@\\s]+$/.test(${v})`],
  [
    'parentId',
    'string | null',
    'string | null',
    (e) => e,
    (e) => e,
    (v) => `${v} === null || ${v}.length > 0`,
  ],
  ['city', 'string', 'string', (e) => e, (e) => e, (v) => `${v}.length <= 120`],
  ['country', 'string', 'string', (e) => e, (e) => e, (v) => `/^[A-Z]{2}$/.test(${v})`],
  [
    'phone',
    'string | null',
    'string | null',
    (e) => e,
    (e) => e,
    (v) => `${v} === null || /^\\+?[0-9 ]{6,20}$/.test(${v})`,
  ],
  ['weightGrams', 'number', 'number', (e) => e, (e) => e, (v) => `${v} >= 0 && ${v} < 1_000_000`],
  ['sku', 'string', 'string', (e) => e, (e) => e, (v) => `/^[A-Z0-9-]{3,32}$/.test(${v})`],
  ['locale', 'string', 'string', (e) => e, (e) => e, (v) => `/^[a-z]{2}(-[A-Z]{2})?$/.test(${v})`],
  [
    'timezone',
    'string',
    'string',
    (e) => e,
    (e) => e,
    (v) => `${v}.includes('/') || ${v} === 'UTC'`,
  ],
  [
    'rating',
    'number | null',
    'number | null',
    (e) => e,
    (e) => e,
    (v) => `${v} === null || (${v} >= 1 && ${v} <= 5)`,
  ],
  ['discountPercent', 'number', 'number', (e) => e, (e) => e, (v) => `${v} >= 0 && ${v} <= 100`],
  [
    'approvedAt',
    'Date | null',
    'string | null',
    (e) => `${e}?.toISOString() ?? null`,
    (e) => `${e} === null ? null : new Date(${e})`,
    (v) => `${v} === null || ${v}.getTime() <= Date.now()`,
  ],
  [
    'url',
    'string | null',
    'string | null',
    (e) => e,
    (e) => e,
    (v) => `${v} === null || ${v}.startsWith('https://')`,
  ],
  [
    'attributes',
    'Map<string, string>',
    'Record<string, string>',
    (e) => `Object.fromEntries(${e})`,
    (e) => `new Map(Object.entries(${e}))`,
    (v) => `${v}.size <= 50`,
  ],
];

/** Writes files under `root` and records their paths and line counts. */
function writer(root) {
  const files = [];
  return {
    files,
    write(rel, text) {
      const abs = path.join(root, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
      files.push({ rel, lines: text.split('\n').length - 1 });
    },
  };
}

const NAMED_IMPORT = /^import (type )?\{ (.+) \} from '(.+)';$/;

/** Joins module templates into one file, merging their named imports per module. */
function merge(...texts) {
  const named = new Map(); // module → name → whether it is only used as a type
  const other = new Set();
  const bodies = texts.map((text) => {
    const lines = text.split('\n');
    let i = 0;
    for (; lines[i].startsWith('import '); i++) {
      const match = NAMED_IMPORT.exec(lines[i]);
      if (!match) {
        other.add(lines[i]);
        continue;
      }
      const names = named.get(match[3]) ?? new Map();
      named.set(match[3], names);
      for (const entry of match[2].split(', ')) {
        const typeOnly = Boolean(match[1]) || entry.startsWith('type ');
        const name = entry.replace(/^type /, '');
        names.set(name, (names.get(name) ?? true) && typeOnly);
      }
    }
    return lines.slice(i).join('\n').trimStart();
  });
  const imports = [...named].map(([module, names]) => {
    const list = [...names].map(([name, typeOnly]) => (typeOnly ? `type ${name}` : name));
    return list.every((entry) => entry.startsWith('type '))
      ? `import type { ${list.map((entry) => entry.slice(5)).join(', ')} } from '${module}';`
      : `import { ${list.join(', ')} } from '${module}';`;
  });
  return `${[...other, ...imports].join('\n')}\n\n${bodies.join('\n')}`;
}

// ---------------------------------------------------------------- shared lib

const LIB = {
  'src/lib/db.ts': `import { ConflictError, NotFoundError } from './errors.js';

export interface ListOptions<T> {
  limit?: number;
  cursor?: string | null;
  where?: (row: T) => boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An in-memory table with the shape of a real data-access layer. */
export class Table<T extends { id: string; version: number }> {
  private readonly rows = new Map<string, T>();

  constructor(readonly name: string) {}

  async create(row: T): Promise<T> {
    if (this.rows.has(row.id)) throw new ConflictError(\`\${this.name} \${row.id} exists\`);
    this.rows.set(row.id, row);
    return row;
  }

  async update(id: string, patch: Partial<T>): Promise<T> {
    const current = this.rows.get(id);
    if (!current) throw new NotFoundError(this.name, id);
    const next = { ...current, ...patch, version: current.version + 1 };
    this.rows.set(id, next);
    return next;
  }

  async findById(id: string): Promise<T | undefined> {
    return this.rows.get(id);
  }

  async find(predicate: (row: T) => boolean): Promise<T | undefined> {
    return [...this.rows.values()].find(predicate);
  }

  async list(options: ListOptions<T> = {}): Promise<Page<T>> {
    const all = [...this.rows.values()].filter(options.where ?? (() => true));
    const start = options.cursor ? all.findIndex((row) => row.id === options.cursor) + 1 : 0;
    const limit = options.limit ?? 50;
    const items = all.slice(start, start + limit);
    return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
  }

  async delete(id: string): Promise<boolean> {
    return this.rows.delete(id);
  }

  async count(where?: (row: T) => boolean): Promise<number> {
    return where ? [...this.rows.values()].filter(where).length : this.rows.size;
  }
}

export class Transaction {
  private done = false;

  async commit(): Promise<void> {
    this.done = true;
  }

  async rollback(): Promise<void> {
    if (!this.done) this.done = true;
  }
}

export async function withTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const tx = new Transaction();
  try {
    const result = await fn(tx);
    await tx.commit();
    return result;
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}
`,
  'src/lib/errors.ts': `export class NotFoundError extends Error {
  constructor(readonly entity: string, readonly id: string) {
    super(\`\${entity} \${id} not found\`);
  }
}

export class ValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
  }
}

export class ConflictError extends Error {}

export function isNotFound(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError;
}
`,
  'src/lib/http.ts': `export interface HttpRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: unknown;
}

export interface HttpResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: HttpRequest) => Promise<HttpResponse>;

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function json(status: number, body: unknown): HttpResponse {
  return { status, body, headers: { 'content-type': 'application/json' } };
}

/** A small router: routes are matched in registration order. */
export class Router {
  private readonly routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] = [];

  private add(method: string, route: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp(\`^\${route.replace(/:(\\w+)/g, (_, key: string) => (keys.push(key), '([^/]+)'))}$\`);
    this.routes.push({ method, pattern, keys, handler });
    return this;
  }

  get(route: string, handler: Handler): this {
    return this.add('GET', route, handler);
  }

  post(route: string, handler: Handler): this {
    return this.add('POST', route, handler);
  }

  put(route: string, handler: Handler): this {
    return this.add('PUT', route, handler);
  }

  delete(route: string, handler: Handler): this {
    return this.add('DELETE', route, handler);
  }

  async dispatch(req: HttpRequest): Promise<HttpResponse> {
    for (const route of this.routes) {
      const match = route.method === req.method ? route.pattern.exec(req.path) : null;
      if (!match) continue;
      const params = Object.fromEntries(route.keys.map((key, i) => [key, match[i + 1]]));
      return route.handler({ ...req, params });
    }
    return json(404, { error: 'not found' });
  }
}
`,
  'src/lib/events.ts': `export type EventHandler = (payload: Record<string, unknown>) => Promise<void>;

/** In-process pub/sub with the API of a message broker client. */
export class EventBus {
  private readonly handlers = new Map<string, EventHandler[]>();
  private closed = false;

  subscribe(topic: string, handler: EventHandler): () => void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler);
    this.handlers.set(topic, list);
    return () => this.handlers.set(topic, (this.handlers.get(topic) ?? []).filter((h) => h !== handler));
  }

  async publish(topic: string, payload: Record<string, unknown>): Promise<void> {
    if (this.closed) throw new Error('bus closed');
    await Promise.all((this.handlers.get(topic) ?? []).map((handler) => handler(payload)));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }
}
`,
  'src/lib/queue.ts': `export interface Job<T> {
  id: string;
  payload: T;
  attempts: number;
}

export class JobQueue<T> {
  private readonly jobs: Job<T>[] = [];

  async enqueue(id: string, payload: T): Promise<void> {
    this.jobs.push({ id, payload, attempts: 0 });
  }

  async process(handler: (job: Job<T>) => Promise<void>, maxAttempts = 3): Promise<number> {
    let processed = 0;
    while (this.jobs.length > 0) {
      const job = this.jobs.shift()!;
      try {
        await handler(job);
        processed++;
      } catch {
        if (++job.attempts < maxAttempts) this.jobs.push(job);
      }
    }
    return processed;
  }

  async close(): Promise<void> {
    this.jobs.length = 0;
  }
}
`,
  'src/lib/retry.ts': `export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RetryOptions {
  attempts: number;
  delayMs?: number;
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      return await fn();
    } catch (error) {
      lastError = error;
      await sleep((options.delayMs ?? 50) * attempt);
    }
  }
  throw lastError;
}
`,
  'src/lib/logger.ts': `export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(name: string): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    process.stdout.write(\`\${JSON.stringify({ level, name, message, ...fields })}\\n\`);
  return {
    info: (message, fields) => line('info', message, fields),
    warn: (message, fields) => line('warn', message, fields),
    error: (message, fields) => line('error', message, fields),
  };
}
`,
  'src/lib/ids.ts': `import { randomUUID } from 'node:crypto';

export function newId(prefix: string): string {
  return \`\${prefix}_\${randomUUID().replace(/-/g, '')}\`;
}
`,
  'src/lib/collections.ts': `export function groupBy<T, K extends string>(items: readonly T[], key: (item: T) => K): Record<K, T[]> {
  const groups = {} as Record<K, T[]>;
  for (const item of items) (groups[key(item)] ??= []).push(item);
  return groups;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function sumBy<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)) !== undefined);
}
`,
  'src/lib/config.ts': `export interface AppConfig {
  port: number;
  region: 'eu' | 'us' | 'apac';
  pageSize: number;
  featureFlags: Set<string>;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const region = env.REGION === 'us' || env.REGION === 'apac' ? env.REGION : 'eu';
  return {
    port: Number(env.PORT ?? 3000),
    region,
    pageSize: Math.min(Number(env.PAGE_SIZE ?? 50), 500),
    featureFlags: new Set((env.FEATURE_FLAGS ?? '').split(',').filter(Boolean)),
  };
}
`,
};

// ------------------------------------------------------------ domain entities

function makeEntities(rand) {
  const entities = [];
  for (const qualifier of QUALIFIERS) {
    for (const domain of DOMAINS) {
      const name = domain + qualifier;
      const fields = rand.sample(FIELD_POOL, rand.int(8, 16));
      const statuses = ['active', 'archived', ...rand.sample(STATUSES, rand.int(1, 4))];
      entities.push({ name, Name: pascal(name), dir: kebab(name), fields, statuses });
    }
  }
  return entities;
}

function typesFile(e, rand) {
  const fieldLines = e.fields.map(([f, t]) => `  ${f}: ${t};`).join('\n');
  const extra = rand.sample(['Summary', 'Event', 'Stats', 'Change'], rand.int(2, 4));
  const extras = extra.map((kind) => {
    if (kind === 'Summary')
      return `export interface ${e.Name}Summary {\n  id: string;\n  status: ${e.Name}Status;\n  updatedAt: Date;\n}\n`;
    if (kind === 'Event') {
      return `export type ${e.Name}Event =\n  | { type: '${e.name}.created'; id: string }\n  | { type: '${e.name}.updated'; id: string; changes: (keyof ${e.Name})[] }\n  | { type: '${e.name}.archived'; id: string; reason: string };\n`;
    }
    if (kind === 'Stats')
      return `export interface ${e.Name}Stats {\n  total: number;\n  byStatus: Partial<Record<${e.Name}Status, number>>;\n  lastUpdatedAt: Date | null;\n}\n`;
    return `export interface ${e.Name}Change<K extends keyof ${e.Name} = keyof ${e.Name}> {\n  field: K;\n  before: ${e.Name}[K];\n  after: ${e.Name}[K];\n}\n`;
  });
  return `export type ${e.Name}Status = ${e.statuses.map((s) => `'${s}'`).join(' | ')};

export const ${snake(e.name).toUpperCase()}_STATUSES: readonly ${e.Name}Status[] = [${e.statuses.map((s) => `'${s}'`).join(', ')}];

export interface ${e.Name} {
  id: string;
  ownerId: string;
  status: ${e.Name}Status;
  version: number;
  createdAt: Date;
  updatedAt: Date;
${fieldLines}
}

export interface Create${e.Name}Input {
  ownerId: string;
${fieldLines}
}

export type Update${e.Name}Input = Partial<Create${e.Name}Input> & { status?: ${e.Name}Status };

export interface ${e.Name}Filter {
  ownerId?: string;
  status?: ${e.Name}Status;
  limit?: number;
  cursor?: string | null;
}

export function is${e.Name}Status(value: unknown): value is ${e.Name}Status {
  return typeof value === 'string' && (${snake(e.name).toUpperCase()}_STATUSES as readonly string[]).includes(value);
}

${extras.join('\n')}`;
}

function repositoryFile(e) {
  return `import { Table, type Page } from '../../lib/db.js';
import { NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { ${e.Name}, ${e.Name}Filter, Create${e.Name}Input, Update${e.Name}Input } from './types.js';

function matches(row: ${e.Name}, filter: ${e.Name}Filter): boolean {
  if (filter.ownerId !== undefined && row.ownerId !== filter.ownerId) return false;
  if (filter.status !== undefined && row.status !== filter.status) return false;
  return true;
}

export class ${e.Name}Repository {
  private readonly table = new Table<${e.Name}>('${snake(e.name)}');

  async create(input: Create${e.Name}Input): Promise<${e.Name}> {
    const now = new Date();
    return this.table.create({ ...input, id: newId('${e.name.slice(0, 3)}'), status: 'active', version: 1, createdAt: now, updatedAt: now });
  }

  async update(id: string, patch: Update${e.Name}Input): Promise<${e.Name}> {
    const current = await this.table.findById(id);
    if (!current) throw new NotFoundError('${e.name}', id);
    return this.table.update(id, { ...patch, updatedAt: new Date() });
  }

  async get(id: string): Promise<${e.Name}> {
    const row = await this.table.findById(id);
    if (!row) throw new NotFoundError('${e.name}', id);
    return row;
  }

  async find(filter: ${e.Name}Filter): Promise<${e.Name} | undefined> {
    return this.table.find((row) => matches(row, filter));
  }

  async list(filter: ${e.Name}Filter = {}): Promise<Page<${e.Name}>> {
    return this.table.list({ limit: filter.limit, cursor: filter.cursor, where: (row) => matches(row, filter) });
  }

  async archive(id: string): Promise<${e.Name}> {
    return this.update(id, { status: 'archived' });
  }

  async remove(id: string): Promise<void> {
    const removed = await this.table.delete(id);
    if (!removed) throw new NotFoundError('${e.name}', id);
  }

  async countByStatus(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    let cursor: string | null = null;
    do {
      const page: Page<${e.Name}> = await this.table.list({ cursor, limit: 200 });
      for (const row of page.items) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
      cursor = page.nextCursor;
    } while (cursor);
    return counts;
  }
}
`;
}

function serviceFile(e, other, rand) {
  const methods = [
    `  async confirm(id: string): Promise<${e.Name}> {
    const row = await this.repo.get(id);
    if (row.status === 'archived') throw new ValidationError(['archived ${e.name} cannot be confirmed']);
    const updated = await this.repo.update(id, { status: 'active' });
    await this.events.publish('${e.name}.confirmed', { id });
    return updated;
  }
`,
    `  async cancel(id: string, reason: string): Promise<void> {
    await withTransaction(async () => {
      await this.repo.archive(id);
      await this.events.publish('${e.name}.archived', { id, reason });
    });
    this.log.info('${e.name} cancelled', { id, reason });
  }
`,
    `  async refresh(id: string): Promise<${e.Name}> {
    return withRetry(() => this.repo.get(id), { attempts: 3, delayMs: 20 });
  }
`,
    `  async bulkUpdate(ids: string[], patch: Update${e.Name}Input): Promise<${e.Name}[]> {
    const updated: ${e.Name}[] = [];
    for (const batch of chunk(ids, 25)) {
      const rows = await Promise.all(batch.map((id) => this.repo.update(id, patch)));
      updated.push(...rows);
    }
    return updated;
  }
`,
    `  async findActiveForOwner(ownerId: string): Promise<${e.Name} | undefined> {
    const page = await this.repo.list({ ownerId, limit: 100 });
    return page.items.find((row) => row.status === 'active');
  }
`,
    `  async listAll(filter: ${e.Name}Filter): Promise<${e.Name}[]> {
    const all: ${e.Name}[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ${e.Name}[]; nextCursor: string | null } = await this.repo.list({ ...filter, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return all;
  }
`,
    `  async validate(id: string): Promise<string[]> {
    const row = await this.repo.get(id);
    const issues = validateUpdate${e.Name}(row);
    if (issues.length > 0) this.log.warn('invalid ${e.name}', { id, issues });
    return issues;
  }
`,
    `  async linkTo${other.Name}(id: string, ${other.name}: Pick<${other.Name}, 'id' | 'ownerId'>): Promise<${e.Name}> {
    const row = await this.repo.get(id);
    if (row.ownerId !== ${other.name}.ownerId) throw new ValidationError(['owner mismatch']);
    await this.events.publish('${e.name}.linked', { id, ${other.name}Id: ${other.name}.id });
    return row;
  }
`,
    `  async approve(id: string, approver: string): Promise<${e.Name}> {
    const row = await this.repo.get(id);
    if (row.ownerId === approver) throw new ValidationError(['owners cannot approve their own ${e.name}']);
    const approved = await this.repo.update(id, { status: 'active' });
    await this.events.publish('${e.name}.approved', { id, approver });
    return approved;
  }
`,
    `  async submit(input: Create${e.Name}Input, submitter: string): Promise<${e.Name}> {
    const duplicate = await this.repo.find({ ownerId: input.ownerId, status: 'active' });
    if (duplicate) {
      this.log.warn('duplicate ${e.name} submission', { id: duplicate.id, submitter });
      return duplicate;
    }
    return this.create(input);
  }
`,
    `  async close(ids: readonly string[]): Promise<number> {
    let closed = 0;
    for (const id of ids) {
      try {
        await this.repo.archive(id);
        closed++;
      } catch (error) {
        this.log.error('close failed', { id, error: String(error) });
      }
    }
    return closed;
  }
`,
    `  async stats(ownerId: string): Promise<{ total: number; active: number; archived: number }> {
    const rows = await this.listAll({ ownerId });
    const byStatus = groupBy(rows, (row) => row.status);
    return {
      total: rows.length,
      active: byStatus.active?.length ?? 0,
      archived: byStatus.archived?.length ?? 0,
    };
  }
`,
    `  async transferOwnership(id: string, newOwnerId: string): Promise<${e.Name}> {
    return withTransaction(async (tx) => {
      const row = await this.repo.get(id);
      const moved = await this.repo.update(row.id, { ownerId: newOwnerId });
      await this.events.publish('${e.name}.moved', { id, from: row.ownerId, to: newOwnerId });
      await tx.commit();
      return moved;
    });
  }
`,
    `  async exportCsv(filter: ${e.Name}Filter): Promise<string> {
    const rows = await this.listAll(filter);
    const header = ['id', 'owner_id', 'status', 'updated_at'].join(',');
    const lines = rows.map((row) => [row.id, row.ownerId, row.status, row.updatedAt.toISOString()].join(','));
    return [header, ...lines].join('\\n');
  }
`,
    `  async pause(id: string, until: Date): Promise<void> {
    const row = await this.repo.get(id);
    if (until.getTime() <= Date.now()) throw new ValidationError(['pause must end in the future']);
    await this.repo.update(row.id, { status: 'archived' });
    setTimeout(() => {
      this.repo.update(row.id, { status: 'active' }).catch((error: unknown) => this.log.error('resume failed', { id, error: String(error) }));
    }, until.getTime() - Date.now());
  }
`,
  ];
  // listAll is used by other methods: always keep it.
  const chosen = [
    methods[5],
    ...rand.sample([...methods.slice(0, 5), ...methods.slice(6)], rand.int(10, methods.length - 1)),
  ];
  return `import { chunk, groupBy } from '../../lib/collections.js';
import { withTransaction } from '../../lib/db.js';
import { ValidationError } from '../../lib/errors.js';
import type { EventBus } from '../../lib/events.js';
import type { Logger } from '../../lib/logger.js';
import { withRetry } from '../../lib/retry.js';
import type { ${other.Name} } from '../${other.dir}/types.js';
import { ${e.Name}Repository } from './repository.js';
import type { ${e.Name}, ${e.Name}Filter, Create${e.Name}Input, Update${e.Name}Input } from './types.js';
import { validateCreate${e.Name}, validateUpdate${e.Name} } from './mapping.js';

export class ${e.Name}Service {
  constructor(
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly repo = new ${e.Name}Repository(),
  ) {}

  async create(input: Create${e.Name}Input): Promise<${e.Name}> {
    const issues = validateCreate${e.Name}(input);
    if (issues.length > 0) throw new ValidationError(issues);
    const created = await this.repo.create(input);
    await this.events.publish('${e.name}.created', { id: created.id });
    this.log.info('${e.name} created', { id: created.id });
    return created;
  }

  async update(id: string, patch: Update${e.Name}Input): Promise<${e.Name}> {
    const issues = validateUpdate${e.Name}(patch);
    if (issues.length > 0) throw new ValidationError(issues);
    const updated = await this.repo.update(id, patch);
    await this.events.publish('${e.name}.updated', { id, changes: Object.keys(patch) });
    return updated;
  }

  async get(id: string): Promise<${e.Name}> {
    return this.repo.get(id);
  }

  async list(filter: ${e.Name}Filter): Promise<{ items: ${e.Name}[]; nextCursor: string | null }> {
    return this.repo.list(filter);
  }

  async archive(id: string): Promise<void> {
    await this.repo.archive(id);
  }

${chosen.join('\n')}}
`;
}

function handlerFile(e) {
  const route = `/${e.dir}s`;
  return `import { HttpError, json, type HttpRequest, type HttpResponse, type Router } from '../../lib/http.js';
import { isNotFound } from '../../lib/errors.js';
import { from${e.Name}Dto, to${e.Name}Dto, type ${e.Name}Dto } from './mapping.js';
import type { ${e.Name}Service } from './service.js';
import { is${e.Name}Status } from './types.js';

function parseLimit(value: string | undefined): number {
  const limit = Number(value ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HttpError(400, 'invalid limit');
  return limit;
}

function bodyOf(req: HttpRequest): ${e.Name}Dto {
  if (typeof req.body !== 'object' || req.body === null) throw new HttpError(400, 'body must be an object');
  return req.body as ${e.Name}Dto;
}

async function guarded(run: () => Promise<HttpResponse>): Promise<HttpResponse> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { error: error.message });
    if (isNotFound(error)) return json(404, { error: error.message });
    throw error;
  }
}

export function register${e.Name}Routes(router: Router, service: ${e.Name}Service): void {
  router.get('${route}', (req) =>
    guarded(async () => {
      const status = req.query.status;
      const page = await service.list({
        status: is${e.Name}Status(status) ? status : undefined,
        limit: parseLimit(req.query.limit),
        cursor: req.query.cursor ?? null,
      });
      return json(200, { items: page.items.map(to${e.Name}Dto), nextCursor: page.nextCursor });
    }),
  );

  router.get('${route}/:id', (req) => guarded(async () => json(200, to${e.Name}Dto(await service.get(req.params.id)))));

  router.post('${route}', (req) =>
    guarded(async () => {
      const created = await service.create(from${e.Name}Dto(bodyOf(req)));
      return json(201, to${e.Name}Dto(created));
    }),
  );

  router.put('${route}/:id', (req) =>
    guarded(async () => {
      const updated = await service.update(req.params.id, from${e.Name}Dto(bodyOf(req)));
      return json(200, to${e.Name}Dto(updated));
    }),
  );

  router.post('${route}/search', (req) =>
    guarded(async () => {
      const body = (req.body ?? {}) as { owner_id?: unknown; status?: unknown; cursor?: unknown };
      const page = await service.list({
        ownerId: typeof body.owner_id === 'string' ? body.owner_id : undefined,
        status: is${e.Name}Status(body.status) ? body.status : undefined,
        cursor: typeof body.cursor === 'string' ? body.cursor : null,
      });
      return json(200, { items: page.items.map(to${e.Name}Dto), nextCursor: page.nextCursor });
    }),
  );

  router.post('${route}/:id/archive', (req) =>
    guarded(async () => {
      await service.archive(req.params.id);
      return json(202, { id: req.params.id, status: 'archived' });
    }),
  );

  router.delete('${route}/:id', (req) =>
    guarded(async () => {
      await service.archive(req.params.id);
      return json(204, null);
    }),
  );
}
`;
}

function mapperFile(e) {
  const dtoFields = e.fields.map(([f, , d]) => `  ${snake(f)}: ${d};`).join('\n');
  const toDto = e.fields.map(([f, , , to]) => `    ${snake(f)}: ${to(`row.${f}`)},`).join('\n');
  const fromDto = e.fields
    .map(([f, , , , from]) => `    ${f}: ${from(`dto.${snake(f)}`)},`)
    .join('\n');
  return `import type { ${e.Name}, Create${e.Name}Input } from './types.js';

export interface ${e.Name}Dto {
  id?: string;
  owner_id: string;
  status?: string;
  created_at?: string;
  updated_at?: string;
${dtoFields}
}

export function to${e.Name}Dto(row: ${e.Name}): ${e.Name}Dto {
  return {
    id: row.id,
    owner_id: row.ownerId,
    status: row.status,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
${toDto}
  };
}

export function from${e.Name}Dto(dto: ${e.Name}Dto): Create${e.Name}Input {
  return {
    ownerId: dto.owner_id,
${fromDto}
  };
}

export function sort${e.Name}s(rows: readonly ${e.Name}[]): ${e.Name}[] {
  return [...rows].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.id.localeCompare(b.id));
}
`;
}

function validatorsFile(e) {
  const creates = e.fields
    .map(([f, , , , , check]) => `  if (!(${check(`input.${f}`)})) issues.push('${f} is invalid');`)
    .join('\n');
  const updates = e.fields
    .map(
      ([f, , , , , check]) =>
        `  if (input.${f} !== undefined && !(${check(`input.${f}`)})) issues.push('${f} is invalid');`,
    )
    .join('\n');
  return `import type { Create${e.Name}Input, Update${e.Name}Input } from './types.js';
import { is${e.Name}Status } from './types.js';

export function validateCreate${e.Name}(input: Create${e.Name}Input): string[] {
  const issues: string[] = [];
  if (input.ownerId.trim() === '') issues.push('ownerId is required');
${creates}
  return issues;
}

export function validateUpdate${e.Name}(input: Update${e.Name}Input): string[] {
  const issues: string[] = [];
  if (input.status !== undefined && !is${e.Name}Status(input.status)) issues.push('status is invalid');
${updates}
  return issues;
}
`;
}

function eventsFile(e, other) {
  return `import type { EventBus } from '../../lib/events.js';
import { JobQueue } from '../../lib/queue.js';
import type { Logger } from '../../lib/logger.js';
import type { ${e.Name}Service } from './service.js';

interface Reindex${e.Name}Job {
  id: string;
  reason: string;
}

export function subscribe${e.Name}Events(bus: EventBus, service: ${e.Name}Service, log: Logger): () => Promise<void> {
  const queue = new JobQueue<Reindex${e.Name}Job>();
  const unsubscribes = [
    bus.subscribe('${e.name}.updated', async (payload) => {
      await queue.enqueue(String(payload.id), { id: String(payload.id), reason: 'updated' });
    }),
    bus.subscribe('${other.name}.archived', async (payload) => {
      const page = await service.list({ ownerId: String(payload.ownerId ?? ''), limit: 100 });
      await Promise.all(page.items.map((row) => queue.enqueue(row.id, { id: row.id, reason: 'parent archived' })));
    }),
  ];
  const timer = setInterval(() => {
    queue
      .process(async (job) => {
        const row = await service.get(job.payload.id);
        log.info('reindexed ${e.name}', { id: row.id, reason: job.payload.reason });
      })
      .catch((error: unknown) => log.error('reindex failed', { error: String(error) }));
  }, 1000);
  return async () => {
    clearInterval(timer);
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    await queue.close();
  };
}
`;
}

function jobsFile(e, other) {
  return `import { chunk, sumBy } from '../../lib/collections.js';
import { JobQueue, type Job } from '../../lib/queue.js';
import type { Logger } from '../../lib/logger.js';
import { sleep, withRetry } from '../../lib/retry.js';
import type { ${other.Name}Service } from '../${other.dir}/service.js';
import type { ${e.Name}Service } from './service.js';
import type { ${e.Name} } from './types.js';

export interface ${e.Name}SyncJob {
  ownerId: string;
  requestedAt: string;
}

/** Nightly maintenance: archive stale rows, in batches, with retries. */
export class ${e.Name}Jobs {
  private readonly queue = new JobQueue<${e.Name}SyncJob>();

  constructor(
    private readonly service: ${e.Name}Service,
    private readonly related: ${other.Name}Service,
    private readonly log: Logger,
  ) {}

  async schedule(ownerIds: readonly string[]): Promise<void> {
    for (const ownerId of ownerIds) {
      await this.queue.enqueue(\`${e.name}-sync-\${ownerId}\`, { ownerId, requestedAt: new Date().toISOString() });
    }
  }

  async run(): Promise<number> {
    return this.queue.process((job) => this.sync(job));
  }

  private async sync(job: Job<${e.Name}SyncJob>): Promise<void> {
    const page = await this.service.list({ ownerId: job.payload.ownerId, limit: 500 });
    const stale = page.items.filter((row) => Date.now() - row.updatedAt.getTime() > 90 * 24 * 3600 * 1000);
    for (const batch of chunk(stale, 20)) {
      await Promise.all(batch.map((row) => withRetry(() => this.service.archive(row.id), { attempts: 3 })));
      await sleep(10);
    }
    const related = await this.related.list({ ownerId: job.payload.ownerId, limit: 1 });
    this.log.info('${e.name} sync done', { ownerId: job.payload.ownerId, archived: stale.length, related: related.items.length });
  }

  async reconcile(rows: readonly ${e.Name}[]): Promise<{ checked: number; versions: number }> {
    let attempt = 0;
    while (attempt < 5) {
      attempt++;
      try {
        const fresh = await Promise.all(rows.map((row) => this.service.get(row.id)));
        return { checked: fresh.length, versions: sumBy(fresh, (row) => row.version) };
      } catch (error) {
        this.log.warn('reconcile retry', { attempt, error: String(error) });
        await sleep(100 * attempt);
      }
    }
    throw new Error('reconcile failed');
  }

  async stop(): Promise<void> {
    await this.queue.close();
  }
}
`;
}

function policyFile(e) {
  return `import { HttpError } from '../../lib/http.js';
import type { ${e.Name} } from './types.js';

export type ${e.Name}Action = 'read' | 'update' | 'archive' | 'approve' | 'export';

export interface Actor {
  id: string;
  roles: readonly string[];
  ownerIds: readonly string[];
}

const isAdmin = (actor: Actor): boolean => actor.roles.includes('admin');
const owns = (actor: Actor, row: ${e.Name}): boolean => actor.ownerIds.includes(row.ownerId);

const RULES: Record<${e.Name}Action, (actor: Actor, row: ${e.Name}) => boolean> = {
  read: (actor, row) => isAdmin(actor) || owns(actor, row) || actor.roles.includes('auditor'),
  update: (actor, row) => isAdmin(actor) || (owns(actor, row) && row.status !== 'archived'),
  archive: (actor, row) => isAdmin(actor) || owns(actor, row),
  approve: (actor, row) => actor.roles.includes('approver') && !owns(actor, row),
  export: (actor) => isAdmin(actor) || actor.roles.includes('analyst'),
};

export function can(actor: Actor, action: ${e.Name}Action, row: ${e.Name}): boolean {
  return RULES[action](actor, row);
}

export function assertCan(actor: Actor, action: ${e.Name}Action, row: ${e.Name}): void {
  if (!can(actor, action, row)) throw new HttpError(403, \`\${actor.id} may not \${action} ${e.name} \${row.id}\`);
}

export function visible${e.Name}s(actor: Actor, rows: readonly ${e.Name}[]): ${e.Name}[] {
  return rows.filter((row) => can(actor, 'read', row));
}

export function allowedActions(actor: Actor, row: ${e.Name}): ${e.Name}Action[] {
  return (Object.keys(RULES) as ${e.Name}Action[]).filter((action) => can(actor, action, row));
}
`;
}

function cacheFile(e) {
  return `import type { ${e.Name} } from './types.js';

interface Entry {
  value: ${e.Name};
  expiresAt: number;
}

/** A read-through cache; \`refresh\` reloads an entry before it expires. */
export class ${e.Name}Cache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<${e.Name}>>();

  constructor(
    private readonly load: (id: string) => Promise<${e.Name}>,
    private readonly ttlMs = 30_000,
  ) {}

  async get(id: string): Promise<${e.Name}> {
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt > Date.now()) return entry.value;
    return this.refresh(id);
  }

  async refresh(id: string): Promise<${e.Name}> {
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight;
    const loading = this.load(id).finally(() => this.pending.delete(id));
    this.pending.set(id, loading);
    const value = await loading;
    this.entries.set(id, { value, expiresAt: Date.now() + this.ttlMs });
    return value;
  }

  invalidate(id: string): void {
    this.entries.delete(id);
  }

  update(value: ${e.Name}): void {
    this.entries.set(value.id, { value, expiresAt: Date.now() + this.ttlMs });
  }
}
`;
}

function appFile(entities) {
  const imports = entities
    .map(
      (e) =>
        `import { ${e.Name}Service } from './domain/${e.dir}/service.js';\nimport { register${e.Name}Routes } from './domain/${e.dir}/handler.js';\nimport { subscribe${e.Name}Events } from './domain/${e.dir}/background.js';`,
    )
    .join('\n');
  const wiring = entities
    .map(
      (e) =>
        `  const ${e.name} = new ${e.Name}Service(bus, createLogger('${e.name}'));\n  register${e.Name}Routes(router, ${e.name});\n  stops.push(subscribe${e.Name}Events(bus, ${e.name}, log));`,
    )
    .join('\n');
  return `import { EventBus } from './lib/events.js';
import { Router } from './lib/http.js';
import { createLogger } from './lib/logger.js';
${imports}

/** Composition root: every service, route and subscription of the app. */
export function createApp(): { router: Router; stop: () => Promise<void> } {
  const bus = new EventBus();
  const router = new Router();
  const log = createLogger('app');
  const stops: (() => Promise<void>)[] = [];
${wiring}
  return {
    router,
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
      await bus.close();
    },
  };
}
`;
}

// ------------------------------------------------------------------- billing

const BILLING_CLIENT = `import Stripe from 'stripe';

let client: Stripe | undefined;

/** One Stripe client for the whole service. */
export function getStripe(): Stripe {
  client ??= new Stripe(process.env.STRIPE_SECRET_KEY ?? '', { maxNetworkRetries: 2 });
  return client;
}
`;

const BILLING_KEYS = `import { createHash, randomUUID } from 'node:crypto';

/** Key helpers: every key is derived from the identity of the operation it protects. */
export function keyPart(value: string | number): string {
  return String(value).replace(/[^A-Za-z0-9_-]/g, '-');
}

export function scopedKey(scope: string, ...parts: Array<string | number>): string {
  return [scope, ...parts.map(keyPart)].join('_');
}

export function entityKey(entity: string, id: string, operation: string): string {
  return scopedKey(entity, id, operation);
}

export function chargeKey(entity: string, id: string): string {
  return entityKey(entity, id, 'charge');
}

export function refundKey(batchId: string, itemId: string): string {
  return scopedKey('refund', batchId, itemId);
}

export function transferKey(sellerId: string, periodId: string): string {
  return entityKey('seller', sellerId, \`transfer_\${periodId}\`);
}

export function subscriptionKey(customerId: string, priceId: string): string {
  return scopedKey('sub', customerId, priceId);
}

export function digestKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 48);
}

/** A fresh key per call: only safe when stored before the request. */
export function attemptKey(operation: string): string {
  return \`\${operation}_\${randomUUID()}\`;
}
`;

const GATEWAY = `import type Stripe from 'stripe';
import { getStripe } from './client.js';
import { chargeKey, digestKey, entityKey } from './keys.js';

/** A wrapper holding the client: the rest of billing goes through it. */
export class PaymentGateway {
  constructor(private readonly client: Stripe = getStripe()) {}

  async charge(entity: string, id: string, customer: string, amount: number): Promise<Stripe.PaymentIntent> {
    return this.client.paymentIntents.create(
      { amount, currency: 'usd', customer, metadata: { entity, id } },
      { idempotencyKey: chargeKey(entity, id) },
    );
  }

  async capture(entity: string, id: string, paymentIntentId: string): Promise<Stripe.PaymentIntent> {
    return this.client.paymentIntents.capture(paymentIntentId, {}, { idempotencyKey: entityKey(entity, id, 'capture') });
  }

  async refund(paymentIntentId: string, amount: number): Promise<Stripe.Refund> {
    return this.client.refunds.create({ payment_intent: paymentIntentId, amount });
  }

  async payout(sellerAccount: string, amount: number, periodId: string): Promise<Stripe.Transfer> {
    return this.client.transfers.create(
      { amount, currency: 'usd', destination: sellerAccount },
      { idempotencyKey: digestKey('payout', sellerAccount, periodId) },
    );
  }

  async customer(id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
    return this.client.customers.retrieve(id);
  }
}
`;

// Each returns [code, number of Stripe request calls]. `e` is the billed entity.
const FLOW_PARTS = [
  (e) => [
    `export async function charge${e.Name}(row: ${e.Name}, customer: string, amount: number): Promise<Stripe.PaymentIntent> {
  log.info('charging', { id: row.id, amount });
  return getStripe().paymentIntents.create(
    { amount, currency: 'usd', customer, metadata: { ${e.name}Id: row.id } },
    { idempotencyKey: chargeKey('${e.name}', row.id) },
  );
}
`,
    1,
  ],
  (e) => [
    `export async function ensureCustomerFor${e.Name}(row: ${e.Name}, email: string): Promise<Stripe.Customer> {
  const existing = await repo.find({ ownerId: row.ownerId });
  const customer = await getStripe().customers.create({ email, metadata: { ownerId: row.ownerId } });
  if (existing) await repo.update(existing.id, {});
  return customer;
}
`,
    1,
  ],
  (e) => [
    `export async function refund${e.Name}Batch(batchId: string, items: { id: string; paymentIntentId: string; amount: number }[]): Promise<Stripe.Refund[]> {
  const refunds: Stripe.Refund[] = [];
  for (const item of items) {
    refunds.push(
      await getStripe().refunds.create(
        { payment_intent: item.paymentIntentId, amount: item.amount },
        { idempotencyKey: refundKey(batchId, item.id) },
      ),
    );
  }
  return refunds;
}
`,
    1,
  ],
  (e) => [
    `export async function pay${e.Name}Seller(sellerAccount: string, periodId: string, amount: number): Promise<Stripe.Transfer> {
  const idempotencyKey = transferKey(sellerAccount, periodId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await getStripe().transfers.create({ amount, currency: 'usd', destination: sellerAccount }, { idempotencyKey });
    } catch (error) {
      if (attempt >= 3) throw error;
      await sleep(200 * attempt);
    }
  }
}
`,
    1,
  ],
  (e) => [
    `export class ${e.Name}Subscriptions {
  constructor(private readonly stripe: Stripe = getStripe()) {}

  async subscribe(customer: string, price: string): Promise<Stripe.Subscription> {
    const current = await repo.find({ ownerId: customer, status: 'active' });
    if (current) log.info('already subscribed', { id: current.id });
    return this.stripe.subscriptions.create({ customer, items: [{ price }] }, { idempotencyKey: subscriptionKey(customer, price) });
  }

  async changePlan(subscriptionId: string, item: string, price: string): Promise<Stripe.Subscription> {
    return this.stripe.subscriptions.update(subscriptionId, { items: [{ id: item, price }] });
  }

  async stop(subscriptionId: string): Promise<Stripe.Subscription> {
    return this.stripe.subscriptions.cancel(subscriptionId);
  }
}
`,
    3,
  ],
  (e) => [
    `export async function load${e.Name}Billing(customer: string): Promise<{ customer: Stripe.Customer | Stripe.DeletedCustomer; charges: Stripe.Charge[] }> {
  const [loaded, charges] = await Promise.all([
    getStripe().customers.retrieve(customer),
    getStripe().charges.list({ customer, limit: 20 }),
  ]);
  return { customer: loaded, charges: charges.data };
}
`,
    2,
  ],
  (e) => [
    `export async function tag${e.Name}Customer(row: ${e.Name}, customer: string): Promise<Stripe.Customer> {
  return getStripe().customers.update(
    customer,
    { metadata: { ${e.name}Id: row.id, ${e.name}Status: row.status } },
    { idempotencyKey: entityKey('${e.name}', row.id, \`tag_\${row.version}\`) },
  );
}
`,
    1,
  ],
  (e) => [
    `export async function payout${e.Name}Now(row: ${e.Name}, amount: number): Promise<Stripe.Payout> {
  return getStripe().payouts.create({ amount, currency: 'usd' }, { idempotencyKey: \`payout_\${row.id}_\${Date.now()}\` });
}
`,
    1,
  ],
  (e) => [
    `export async function invoice${e.Name}Lines(customer: string, lines: { id: string; amount: number }[]): Promise<Stripe.InvoiceItem[]> {
  const invoiceId = scopedKey('${e.name}-invoice', customer);
  return Promise.all(
    lines.map((line) =>
      getStripe().invoiceItems.create(
        { customer, amount: line.amount, currency: 'usd', description: line.id },
        { idempotencyKey: scopedKey(invoiceId, line.id) },
      ),
    ),
  );
}
`,
    1,
  ],
  (e) => [
    `export async function settle${e.Name}Batch(batchId: string, accounts: string[], amount: number): Promise<void> {
  for (const account of accounts) {
    await getStripe().transfers.create({ amount, currency: 'usd', destination: account }, { idempotencyKey: \`settle_\${batchId}\` });
  }
}
`,
    1,
  ],
  (e) => [
    `export async function retry${e.Name}Capture(paymentIntentId: string): Promise<Stripe.PaymentIntent> {
  let attempt = 0;
  while (attempt < 3) {
    attempt++;
    try {
      return await getStripe().paymentIntents.capture(paymentIntentId, {}, { idempotencyKey: attemptKey('capture') });
    } catch (error) {
      log.warn('capture failed', { paymentIntentId, attempt, error: String(error) });
    }
  }
  throw new Error('capture failed');
}
`,
    1,
  ],
  (e) => [
    `export async function checkout${e.Name}(row: ${e.Name}, customer: string, price: string): Promise<string | null> {
  const session = await getStripe().checkout.sessions.create({
    customer,
    mode: 'payment',
    line_items: [{ price, quantity: 1 }],
    success_url: 'https://shop.example/${e.dir}/' + row.id,
  });
  return session.url;
}
`,
    1,
  ],
];

function flowFile(e, rand) {
  const parts = rand.sample(FLOW_PARTS, rand.int(3, 6)).map((part) => part(e));
  return {
    text: `import type Stripe from 'stripe';
import { getStripe } from '../client.js';
import { attemptKey, chargeKey, entityKey, refundKey, scopedKey, subscriptionKey, transferKey } from '../keys.js';
import { ${e.Name}Repository } from '../../domain/${e.dir}/repository.js';
import type { ${e.Name} } from '../../domain/${e.dir}/types.js';
import { createLogger } from '../../lib/logger.js';
import { sleep } from '../../lib/retry.js';

const log = createLogger('billing.${e.name}');
const repo = new ${e.Name}Repository();

${parts.map(([code]) => code).join('\n')}`,
    calls: parts.reduce((sum, [, calls]) => sum + calls, 0),
  };
}

/**
 * Writes the synthetic service into `root` (which must exist). Returns the
 * files written and which of them call Stripe.
 */
export function generateProject(root, seed = 7) {
  const rand = prng(seed);
  const out = writer(root);
  out.write('tsconfig.json', `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  out.write(
    'package.json',
    `${JSON.stringify({ name: 'bench-service', private: true, type: 'module' }, null, 2)}\n`,
  );
  for (const [rel, text] of Object.entries(LIB)) out.write(rel, text);
  const entities = makeEntities(rand);
  entities.forEach((e, i) => {
    const other = entities[(i + 1 + ((i * 7) % (entities.length - 1))) % entities.length]; // never e itself
    const base = `src/domain/${e.dir}`;
    out.write(`${base}/types.ts`, typesFile(e, rand));
    out.write(`${base}/repository.ts`, repositoryFile(e));
    out.write(`${base}/service.ts`, serviceFile(e, other, rand));
    out.write(`${base}/handler.ts`, handlerFile(e));
    out.write(`${base}/mapping.ts`, merge(mapperFile(e), validatorsFile(e)));
    out.write(`${base}/background.ts`, merge(eventsFile(e, other), jobsFile(e, other)));
    out.write(`${base}/access.ts`, merge(cacheFile(e), policyFile(e)));
  });
  out.write('src/app.ts', appFile(entities));
  out.write('src/billing/client.ts', BILLING_CLIENT);
  out.write('src/billing/keys.ts', BILLING_KEYS);
  out.write('src/billing/gateway.ts', GATEWAY);
  const stripeFiles = new Map([['src/billing/gateway.ts', 4]]);
  // 3% of all files call Stripe: the gateway plus one flow per billed entity.
  const others = out.files.filter((f) => f.rel.endsWith('.ts')).length - stripeFiles.size;
  const flowCount = Math.round((0.03 * others) / 0.97) - stripeFiles.size;
  rand.sample(entities, flowCount).forEach((e) => {
    const rel = `src/billing/flows/${e.dir}-billing.ts`;
    const { text, calls } = flowFile(e, rand);
    out.write(rel, text);
    stripeFiles.set(rel, calls);
  });
  const sources = out.files.filter((f) => f.rel.endsWith('.ts'));
  return {
    root,
    files: sources.length,
    lines: sources.reduce((sum, f) => sum + f.lines, 0),
    stripeFiles: [...stripeFiles.keys()],
    stripeCalls: [...stripeFiles.values()].reduce((a, b) => a + b, 0),
  };
}

// -------------------------------------------------------------------- stress

const CHAIN_DEPTH = 12;
const STRESS_OPERATIONS = [
  (key) =>
    `stripe.paymentIntents.create({ amount: order.amount, currency: 'usd', customer: order.customer }, { idempotencyKey: ${key} })`,
  (key) =>
    `stripe.refunds.create({ payment_intent: order.paymentIntent, amount: order.amount }, { idempotencyKey: ${key} })`,
  (key) =>
    `stripe.transfers.create({ amount: order.amount, currency: 'usd', destination: order.account }, { idempotencyKey: ${key} })`,
  (key) =>
    `stripe.customers.update(order.customer, { metadata: { order: order.id } }, { idempotencyKey: ${key} })`,
  (key) =>
    `stripe.invoiceItems.create({ customer: order.customer, amount: order.amount, currency: 'usd' }, { idempotencyKey: ${key} })`,
  () =>
    `stripe.paymentIntents.create({ amount: order.amount, currency: 'usd', customer: order.customer })`,
  () => `stripe.customers.retrieve(order.customer)`,
];

/**
 * Writes a separate project into `root` with one file of 2,000 Stripe calls
 * whose keys come through helper chains up to CHAIN_DEPTH deep (in another
 * file and in the same file), inside for…of batches and retry loops.
 */
export function generateStress(root, seed = 11, calls = 2000) {
  const rand = prng(seed);
  const out = writer(root);
  out.write('tsconfig.json', `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  out.write(
    'package.json',
    `${JSON.stringify({ name: 'bench-stress', private: true, type: 'module' }, null, 2)}\n`,
  );
  const chain = [
    'export function k0(id: string, op: string): string {\n  return `${op}_${id}`;\n}\n',
  ];
  for (let d = 1; d < CHAIN_DEPTH; d++) {
    chain.push(
      `export function k${d}(id: string, op: string): string {\n  const part = k${d - 1}(id, op);\n  return \`l${d}_\${part}\`;\n}\n`,
    );
  }
  out.write('src/key-chain.ts', chain.join('\n'));
  const local = [];
  for (let d = 0; d < CHAIN_DEPTH; d++) {
    local.push(
      `function local${d}(id: string, op: string): string {\n  return ${d === 0 ? 'k3(id, op)' : `local${d - 1}(id, op) + '_${d}'`};\n}\n`,
    );
  }
  const functions = [];
  for (let written = 0, f = 0; written < calls; f++) {
    const count = Math.min(10, calls - written);
    const body = [];
    for (let c = 0; c < count; c++, written++) {
      const op = rand.pick(STRESS_OPERATIONS);
      const helper =
        rand.next() < 0.5
          ? `k${rand.int(0, CHAIN_DEPTH - 1)}`
          : `local${rand.int(0, CHAIN_DEPTH - 1)}`;
      const key =
        rand.next() < 0.05
          ? `\`op_${f}_${c}_\${Date.now()}\``
          : `${helper}(order.id, 'op_${f}_${c}')`;
      body.push(`    results.push(await ${op(key)});`);
    }
    const loop =
      f % 2 === 0
        ? ['  for (const order of orders) {', body.join('\n'), '  }']
        : [
            '  for (let attempt = 0; attempt < 3; attempt++) {',
            '    const order = orders[0];',
            body.join('\n'),
            '  }',
          ];
    functions.push(`export async function batch${f}(stripe: Stripe, orders: Order[]): Promise<unknown[]> {
  const results: unknown[] = [];
${loop.join('\n')}
  return results;
}
`);
  }
  const file = 'src/many-calls.ts';
  out.write(
    file,
    `import type Stripe from 'stripe';
import { ${Array.from({ length: CHAIN_DEPTH }, (_, d) => `k${d}`).join(', ')} } from './key-chain.js';

interface Order {
  id: string;
  amount: number;
  customer: string;
  paymentIntent: string;
  account: string;
}

${local.join('\n')}
${functions.join('\n')}`,
  );
  return { root, file: path.join(root, file), calls };
}
