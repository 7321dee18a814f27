// Parse Mermaid text from standard input with the real Mermaid parser (under jsdom) and
// print what it understood: {ok, type, config, labels} or {ok: false, error}.
// Needs `npm install --no-save --prefix tests mermaid jsdom` (tests/node_modules).
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
let input = '';
for await (const chunk of process.stdin) input += chunk;
try {
  const parsed = await mermaid.parse(input);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(input);
  const vertices = diagram.db.getVertices();
  const labels = {};
  for (const [id, vertex] of (vertices instanceof Map ? vertices : Object.entries(vertices))) {
    labels[id] = vertex.text;
  }
  const subgraphs = diagram.db.getSubGraphs().map((s) => s.title);
  console.log(JSON.stringify({ ok: true, type: parsed.diagramType, config: parsed.config ?? {},
                               labels, subgraphs }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error.message || error).slice(0, 500) }));
}
