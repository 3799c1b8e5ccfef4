import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import { PACKAGE, RULE_DOCS } from './package-info.js';

interface PluginLike {
  meta: { namespace: string };
  rules: Record<string, { meta: { docs?: { description?: string; url?: string } } }>;
}

/**
 * Locations are relative to this base, which a SARIF consumer maps to its checkout of the
 * repository.
 */
const BASE = '%SRCROOT%';
const GENERATED_HEADER_END = '<!-- end auto-generated rule header -->';

/** Markdown as plain text: code spans, emphasis and links without their marks. */
function plainText(markdown: string): string {
  return markdown
    .replace(/(`+) ?(.+?) ?\1/g, '$2')
    .replace(/(\*{1,2})(\S.*?)\1/g, '$2')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}

/**
 * A rule's documentation as shipped in the package, without the header eslint-doc-generator
 * writes: all of it as help, its first paragraph as the full description (which GitHub's SARIF
 * checks require of every rule).
 */
function ruleDoc(name: string, url: string | undefined) {
  const doc = fs.readFileSync(path.join(RULE_DOCS, `${name}.md`), 'utf8');
  const body = doc.slice(doc.indexOf(GENERATED_HEADER_END) + GENERATED_HEADER_END.length).trim();
  const paragraph = body
    .split(/\n\s*\n/)
    .find((block) => !block.startsWith('#'))!
    .replace(/\s*\n\s*/g, ' ');
  const markdown = url ? `${body}\n\n[Full documentation](${url})` : body;
  return {
    fullDescription: { text: plainText(paragraph), markdown: paragraph },
    help: { text: markdown, markdown },
  };
}

/** The tool, with the rules it may report. */
function driver(rules: object[]) {
  return {
    name: PACKAGE.name,
    version: PACKAGE.version,
    semanticVersion: PACKAGE.version,
    informationUri: PACKAGE.homepage,
    rules,
  };
}

/**
 * The SARIF log of a run that could not lint (a setup error, a crash): no results, and the
 * reason, so that an upload step shows it instead of failing on an empty file. Built from Node's
 * modules and this package's files only: ESLint or TypeScript may be what is missing.
 */
export function failedRunSarif(reason: string) {
  return log({
    tool: { driver: driver([]) },
    invocations: [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [{ level: 'error', message: { text: reason } }],
      },
    ],
    results: [],
  });
}

function log(run: object) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
}

function location(root: string, filePath: string, message: Linter.LintMessage) {
  return {
    physicalLocation: {
      artifactLocation: {
        uri: path.relative(root, filePath).split(path.sep).join('/'),
        uriBaseId: BASE,
      },
      region: {
        startLine: message.line || 1,
        startColumn: message.column || 1,
        ...(message.endLine !== undefined && { endLine: message.endLine }),
        ...(message.endColumn !== undefined && { endColumn: message.endColumn }),
      },
    },
  };
}

/**
 * ESLint results as a SARIF 2.1.0 log for code scanning. URIs are relative to
 * `root` (the repository's top folder, where code scanning resolves them);
 * files that could not be parsed are tool notifications, not alerts.
 */
export function toSarif(results: ESLint.LintResult[], plugin: PluginLike, root: string) {
  const prefix = `${plugin.meta.namespace}/`;
  const names = Object.keys(plugin.rules);
  const rules = names.map((name) => {
    const docs = plugin.rules[name].meta.docs;
    return {
      id: `${prefix}${name}`,
      shortDescription: { text: docs?.description ?? name },
      ...ruleDoc(name, docs?.url),
      helpUri: docs?.url,
      defaultConfiguration: { level: 'error' },
    };
  });
  const messages = results.flatMap((result) =>
    result.messages.map((message) => ({ filePath: result.filePath, message })),
  );
  const notifications = messages
    .filter(({ message }) => message.fatal)
    .map(({ filePath, message }) => ({
      level: 'error',
      message: { text: message.message },
      locations: [location(root, filePath, message)],
    }));
  return log({
    tool: { driver: driver(rules) },
    invocations: [
      {
        executionSuccessful: notifications.length === 0,
        toolExecutionNotifications: notifications,
      },
    ],
    originalUriBaseIds: { [BASE]: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
    columnKind: 'utf16CodeUnits',
    results: messages
      .filter(({ message }) => !message.fatal && message.ruleId?.startsWith(prefix))
      .map(({ filePath, message }) => ({
        ruleId: message.ruleId,
        ruleIndex: names.indexOf(message.ruleId!.slice(prefix.length)),
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [location(root, filePath, message)],
      })),
  });
}
