#!/usr/bin/env node
// Drive yaml-language-server (npm) over stdio as an editor would, on an
// answers file written by `mera init` (its first line points at the schema
// `mera init` wrote beside it). The profile is filled in, one answer is
// uncommented and a misspelled id added on its own line: the file must then
// have exactly one diagnostic, on the misspelled id, and no other. Then a
// line `  tdw.` is typed under `answers:` and completion must offer
// question ids. Exits non-zero otherwise.
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

// Set `key:` to `value` whatever follows the key on its line (the template's
// hint comment), and fail loudly if the template has no such line.
function fill(text, key, value) {
  const line = new RegExp(`^([ \\t]*)${key.replace(/[.]/g, "\\.")}:.*$`, "m");
  if (!line.test(text)) fail(`the template has no line for ${key}`);
  return text.replace(line, `$1${key}: ${value}`);
}
// Uncomment a question's one-line form and keep one answer.
function answer(text, id, value) {
  const line = new RegExp(`^  # ${id.replace(/[.]/g, "\\.")}: .*$`, "m");
  if (!line.test(text)) fail(`the template has no commented answer for ${id}`);
  return text.replace(line, `  ${id}: ${value}`);
}
function fail(why) {
  console.error(`FAIL: ${why}`);
  process.exit(1);
}

// The user has filled in the profile, answered one question, and has a
// misspelled id on a line of its own.
let filled = template;
for (const [key, value] of [
  ["develops_frontier_models", "true"],
  ["deploys_ai_agents", "true"],
  ["critical_infrastructure_operator", "false"],
]) filled = fill(filled, key, value);
filled = answer(filled, "cme.capability-evals", "partial");
if (!filled.includes("\nanswers:\n")) fail("the template has no `answers:` line");
filled = filled.replace("\nanswers:\n", "\nanswers:\n  tdw.release-bufer: yes\n");
const filledLines = filled.split("\n");
const typoLine = filledLines.indexOf("  tdw.release-bufer: yes");
// Then starts typing an answer id on the next line.
const typing = filled.replace("\n  tdw.release-bufer: yes\n", "\n  tdw.release-bufer: yes\n  tdw.\n");
const lines = typing.split("\n");
const line = lines.indexOf("  tdw.");
writeFileSync(file, filled);
const uri = pathToFileURL(file).href;

const ls = spawn(server, ["--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
let buffer = Buffer.alloc(0);
const waiting = new Map();
let diagnostics = null;
let published = 0;
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
      published++;
    }
  }
});

const timeout = setTimeout(() => { console.error("FAIL: no answer from yaml-language-server in 30 s"); process.exit(1); }, 30000);
await request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } }, workspace: { configuration: true } } });
send({ method: "initialized", params: {} });
send({ method: "workspace/didChangeConfiguration", params: { settings: { yaml: { validate: true, completion: true, schemaStore: { enable: false } } } } });
send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "yaml", version: 1, text: filled } } });
// Wait for the first diagnostics, then until none has come for a second
// (the server may publish again once the schema is loaded).
for (let i = 0; i < 100 && diagnostics === null; i++) await new Promise((r) => setTimeout(r, 100));
for (let seen = -1; seen !== published; ) {
  seen = published;
  await new Promise((r) => setTimeout(r, 1000));
}
const onFilled = diagnostics ?? [];
send({ method: "textDocument/didChange", params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: typing }] } });
const result = await request("textDocument/completion", { textDocument: { uri }, position: { line, character: 6 } });
const items = (Array.isArray(result) ? result : result?.items ?? []).map((i) => i.label);
const ids = items.filter((l) => /^[a-z]+\.[a-z-]+$/.test(l));
clearTimeout(timeout);
ls.kill();

console.log(`schema line: ${filledLines[0]}`);
const typo = onFilled.filter((d) => d.range.start.line === typoLine);
const others = onFilled.filter((d) => d.range.start.line !== typoLine);
console.log(`diagnostics on the filled file: ${onFilled.length}; on the misspelled id (line ${typoLine + 1}): ${typo.map((d) => d.message).join(" | ") || "none"}`);
for (const d of others) console.log(`  unexpected, line ${d.range.start.line + 1}: ${d.message} (${filledLines[d.range.start.line]?.trim()})`);
console.log(`completion at line ${line + 1} ("  tdw."): ${items.length} items, ${ids.length} question ids`);
console.log(`  e.g. ${ids.filter((l) => l.startsWith("tdw.")).slice(0, 5).join(", ")}`);
const ok = typo.length === 1 && others.length === 0 && ids.includes("tdw.release-buffer") && ids.includes("agt.inventory");
console.log(ok ? "ok" : "FAIL");
process.exit(ok ? 0 : 1);
