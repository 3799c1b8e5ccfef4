import path from 'node:path';
import type { ESLint } from 'eslint';
import { REPOSITORY_URL } from './create-rule.js';

interface PluginLike {
  meta: { name: string; version: string };
  rules: Record<string, { meta: { docs?: { description?: string; url?: string } } }>;
}

/** ESLint results as a SARIF 2.1.0 log, for code scanning. */
export function toSarif(results: ESLint.LintResult[], plugin: PluginLike, cwd: string) {
  const prefix = 'stripe-idempotency/';
  const rules = Object.entries(plugin.rules).map(([name, rule]) => ({
    id: `${prefix}${name}`,
    shortDescription: { text: rule.meta.docs?.description ?? name },
    helpUri: rule.meta.docs?.url,
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: plugin.meta.name, version: plugin.meta.version, informationUri: REPOSITORY_URL, rules } },
        results: results.flatMap((result) =>
          result.messages.map((message) => ({
            ruleId: message.ruleId ?? 'fatal',
            level: message.fatal || message.severity === 2 ? 'error' : 'warning',
            message: { text: message.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: path.relative(cwd, result.filePath).split(path.sep).join('/') },
                  region: {
                    startLine: message.line || 1,
                    startColumn: message.column || 1,
                    ...(message.endLine !== undefined && { endLine: message.endLine }),
                    ...(message.endColumn !== undefined && { endColumn: message.endColumn }),
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
