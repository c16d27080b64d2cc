// Validates YAML documents as the VS Code YAML extension does: yaml-language-server's own
// validation (YAML 1.2, the schema given), no editor needed.
// Usage: node editor_check.mjs NODE_MODULES_DIR < {"schema": PATH, "docs": [TEXT, ...]}
// Prints, for each document, the list of its diagnostics ("LINE: MESSAGE").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const modules = process.argv[2];
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const { getLanguageService } = await load('yaml-language-server/out/src/index.js');
const { TextDocument } = await load('vscode-languageserver-textdocument/lib/esm/main.js');

const input = JSON.parse(readFileSync(0, 'utf-8'));
const service = getLanguageService({
  schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf-8'),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});
service.configure({
  validate: true,
  yamlVersion: '1.2',
  schemas: [{ uri: pathToFileURL(input.schema).href, fileMatch: ['*.yaml'] }],
});
const found = [];
for (const [i, text] of input.docs.entries()) {
  const document = TextDocument.create(`file:///trips/${i}/trip.yaml`, 'yaml', 1, text);
  const diagnostics = await service.doValidation(document, false);
  // The schema's verdict only: an unused anchor (left by a case that replaces its alias)
  // is the YAML server's own remark, whatever the schema says.
  const errors = diagnostics.filter((d) => !/^Unused anchor/.test(d.message));
  found.push(errors.map((d) => `${d.range.start.line + 1}: ${d.message}`));
}
process.stdout.write(JSON.stringify(found));
