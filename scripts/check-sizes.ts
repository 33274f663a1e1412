// The size rules of docs/ARCHITECTURE.md: no file over 400 lines and no function over 100, outside
// generated code. Test suites' describe/it callbacks are containers, not functions in that sense,
// and are skipped.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import ts from "typescript";

const limit = Number(process.argv[2] ?? 100);
const FILE_LIMIT = 400;
const files = execFileSync("git", ["ls-files", "*.ts", "*.tsx"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => f && !f.startsWith("lib/generated/"));
const SUITE_CALLS = new Set(["describe", "it", "test", "beforeAll", "afterAll", "beforeEach", "afterEach"]);

function isSuiteCallback(node: ts.Node): boolean {
  const call = node.parent;
  if (!call || !ts.isCallExpression(call)) return false;
  let callee: ts.Expression = call.expression;
  while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee)) {
    callee = ts.isCallExpression(callee) ? callee.expression : callee.expression;
  }
  return ts.isIdentifier(callee) && SUITE_CALLS.has(callee.text);
}

const found: string[] = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const fileLines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  if (fileLines > FILE_LIMIT) found.push(`${fileLines}\t${file}\t(file over ${FILE_LIMIT} lines)`);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body && !isSuiteCallback(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit) {
        const name = (node as ts.FunctionDeclaration).name?.getText(source) ?? "(anonymous)";
        found.push(`${lines}\t${file}:${start + 1}\t${name}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
found.sort((a, b) => Number(b.split("\t")[0]) - Number(a.split("\t")[0]));
for (const line of found) console.log(line);
if (found.length) {
  console.error(`${found.length} file(s) or function(s) over the limits`);
  process.exitCode = 1;
}
