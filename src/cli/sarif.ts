import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import { REPOSITORY_URL } from '../rule/index.js';
import { PACKAGE_ROOT } from '../util/index.js';

interface PluginLike {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, { meta: { docs?: { description?: string; url?: string } } }>;
}

/**
 * Locations are relative to this base, which a SARIF consumer maps to its checkout of the
 * repository.
 */
const BASE = '%SRCROOT%';
const GENERATED_HEADER_END = '<!-- end auto-generated rule header -->';

/**
 * A rule's documentation as shipped in the package, without the header eslint-doc-generator writes.
 */
function ruleHelp(name: string, url: string | undefined): { text: string; markdown: string } {
  const doc = fs.readFileSync(path.join(PACKAGE_ROOT, 'docs', 'rules', `${name}.md`), 'utf8');
  const body = doc.slice(doc.indexOf(GENERATED_HEADER_END) + GENERATED_HEADER_END.length).trim();
  const markdown = url ? `${body}\n\n[Full documentation](${url})` : body;
  return { text: markdown, markdown };
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
      helpUri: docs?.url,
      help: ruleHelp(name, docs?.url),
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
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: plugin.meta.name,
            version: plugin.meta.version,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
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
      },
    ],
  };
}
