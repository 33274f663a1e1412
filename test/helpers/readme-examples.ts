/**
 * The request examples in README.md's code blocks: `curl` commands with a JSON body
 * (`-d`/`--data`), and blocks that start with `METHOD /api/…` followed by the JSON body.
 * Shell substitutions inside a body (`"$(openssl rand -hex 24)"`, `$KEY`) stand for a value the
 * reader supplies; they become a 48-character placeholder.
 */

export type ReadmeExample = { line: number; method: string; path: string; body: unknown };

const PLACEHOLDER = "0123456789abcdef".repeat(3);

export function readmeExamples(markdown: string): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  const lines = markdown.split("\n");
  let block: { start: number; lines: string[] } | null = null;
  lines.forEach((text, i) => {
    if (text.startsWith("```")) {
      if (block) examples.push(...examplesIn(block.lines.join("\n"), block.start));
      block = block ? null : { start: i + 2, lines: [] };
    } else block?.lines.push(text);
  });
  return examples;
}

function examplesIn(code: string, firstLine: number): ReadmeExample[] {
  const http = /^(GET|POST|PUT|PATCH|DELETE) (\/api\/\S+)\n([\s\S]+)$/.exec(code.trim());
  if (http) return [{ line: firstLine, method: http[1], path: http[2], body: JSON.parse(http[3]) }];
  // One command per logical line: backslash-newline continues it.
  const commands = code.replace(/\\\n/g, " ").split("\n");
  const found: ReadmeExample[] = [];
  commands.forEach((command, offset) => {
    if (!/^\s*curl\s/.test(command)) return;
    const words = shellWords(command);
    const data = words.findIndex((w) => w === "-d" || w === "--data" || w === "--data-raw");
    if (data < 0) return;
    const method = words[words.indexOf("-X") + 1] ?? "POST";
    const url = words.find((w) => /^(https?:\/\/)?[\w.-]+(:\d+)?\/api\//.test(w));
    if (!url) throw new Error(`README line ~${firstLine + offset}: a curl example without an /api URL`);
    const path = url.replace(/^(https?:\/\/)?[\w.-]+(:\d+)?/, "").split("?")[0];
    found.push({
      line: firstLine + offset,
      method: words.includes("-X") ? method : "POST",
      path,
      body: JSON.parse(words[data + 1]),
    });
  });
  return found;
}

/** Splits a command line into words as a POSIX shell would, standing in for substitutions. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const end = closingQuote(line, i + 1);
      word = (word ?? "") + substitute(line.slice(i + 1, end));
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "#" && word === null) break;
    else word = (word ?? "") + c;
  }
  if (word !== null) words.push(word);
  return words.map(substitute);
}

function closingQuote(line: string, from: number): number {
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    if (line.startsWith("$(", i)) depth++;
    else if (line[i] === ")" && depth > 0) depth--;
    else if (line[i] === '"' && depth === 0) return i;
  }
  throw new Error(`Unclosed quote in: ${line}`);
}

const substitute = (text: string) => text.replace(/\$\([^)]*\)|\$\{?\w+\}?/g, PLACEHOLDER);
