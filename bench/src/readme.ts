import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in a markdown file
 * (appending the markers at the end when they are missing).
 */
export function updateReadmeSection(path: URL, name: string, content: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = readFileSync(path, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const block = `${start}\n${content.trim()}\n${end}`;
  const updated = from >= 0 && to > from ? `${text.slice(0, from)}${block}${text.slice(to + end.length)}` : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, updated);
}

/** The first lines of a bench's README section: when and on what it ran, a blank line, its settings, a blank line. */
export function runHeaderLines(machine: string, settingsLine: string): string[] {
  return [`Latest run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${machine}`, '', `Settings: ${settingsLine}.`, ''];
}
