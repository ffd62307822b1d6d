#!/usr/bin/env node
// Drive yaml-language-server (npm) over stdio as an editor would: open an
// answers file written by `mera init` (its first line points at the schema
// `mera init` wrote beside it), ask for completions under `answers:` and
// for a misspelled id's diagnostics, and check that question ids come back.
//
// Usage: node scripts/yaml-ls-completion.mjs   (installs yaml-language-server
// into target/npm on first use; builds mera)
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(new URL("..", import.meta.url).pathname);
const tools = join(root, "target/npm");
const server = join(tools, "node_modules/.bin/yaml-language-server");
if (!existsSync(server)) {
  execFileSync("npm", ["install", "--silent", "--prefix", tools, "yaml-language-server"], { stdio: "inherit" });
}
execFileSync("cargo", ["build", "--quiet"], { cwd: root, stdio: "inherit" });

const dir = mkdtempSync(join(tmpdir(), "mera-yls-"));
execFileSync(join(root, "target/debug/mera"), ["init", "--as-of", "2026-11-20", "readiness.yaml"], { cwd: dir });
const file = join(dir, "readiness.yaml");
const template = readFileSync(file, "utf8");
// The user has filled in the profile and starts typing an answer id.
const text = template
  .replace("develops_frontier_models:    # required", "develops_frontier_models: true")
  .replace("deploys_ai_agents:    # required", "deploys_ai_agents: true")
  .replace("critical_infrastructure_operator:    # required", "critical_infrastructure_operator: false")
  .replace("\nanswers:\n", "\nanswers:\n  tdw.\n  tdw.release-bufer: yes\n");
writeFileSync(file, text);
const lines = text.split("\n");
const line = lines.indexOf("  tdw.");
const uri = pathToFileURL(file).href;

const ls = spawn(server, ["--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
let buffer = Buffer.alloc(0);
const waiting = new Map();
let diagnostics = null;
let nextId = 1;
function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }));
  ls.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  ls.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((ok) => waiting.set(id, ok));
}
ls.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.slice(end + 4, end + 4 + length).toString());
    buffer = buffer.slice(end + 4 + length);
    if (message.id !== undefined && waiting.has(message.id) && message.method === undefined) {
      waiting.get(message.id)(message.result);
      waiting.delete(message.id);
    } else if (message.method === "workspace/configuration") {
      send({ id: message.id, result: message.params.items.map(() => ({ validate: true, completion: true, hover: true, schemaStore: { enable: false } })) });
    } else if (message.id !== undefined && message.method) {
      send({ id: message.id, result: null });
    } else if (message.method === "textDocument/publishDiagnostics" && message.params.uri === uri) {
      diagnostics = message.params.diagnostics;
    }
  }
});

const timeout = setTimeout(() => { console.error("FAIL: no answer from yaml-language-server in 30 s"); process.exit(1); }, 30000);
await request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } }, workspace: { configuration: true } } });
send({ method: "initialized", params: {} });
send({ method: "workspace/didChangeConfiguration", params: { settings: { yaml: { validate: true, completion: true, schemaStore: { enable: false } } } } });
send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "yaml", version: 1, text } } });
const result = await request("textDocument/completion", { textDocument: { uri }, position: { line, character: 6 } });
const items = (Array.isArray(result) ? result : result?.items ?? []).map((i) => i.label);
const ids = items.filter((l) => /^[a-z]+\.[a-z-]+$/.test(l));
for (let i = 0; i < 50 && diagnostics === null; i++) await new Promise((r) => setTimeout(r, 100));
clearTimeout(timeout);
ls.kill();

console.log(`schema line: ${lines[0]}`);
console.log(`completion at line ${line + 1} ("  tdw."): ${items.length} items, ${ids.length} question ids`);
console.log(`  e.g. ${ids.filter((l) => l.startsWith("tdw.")).slice(0, 5).join(", ")}`);
const typo = (diagnostics ?? []).filter((d) => JSON.stringify(d).includes("tdw.release-bufer") || d.range.start.line === line + 1);
console.log(`diagnostics: ${(diagnostics ?? []).length}; on the misspelled id: ${typo.map((d) => d.message).join(" | ") || "none"}`);
const ok = ids.includes("tdw.release-buffer") && ids.includes("agt.inventory") && typo.length > 0;
console.log(ok ? "ok" : "FAIL");
process.exit(ok ? 0 : 1);
