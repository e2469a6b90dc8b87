import { DpauditError } from '../../errors.js';

/**
 * Split a command line into words as a POSIX shell does for quoting only: whitespace separates words;
 * '…' keeps everything literally; "…" keeps everything but lets \" \\ \$ \` escape; a backslash outside
 * quotes escapes the next character. No variables, globs, pipes or redirections: the words are run
 * without a shell.
 */
export function splitCommandLine(line: string, option = 'trainer'): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const fail = (msg: string) => new DpauditError(`${msg} in ${JSON.stringify(line)}`, { location: { option } });
  while (i < line.length) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw fail('unterminated single quote');
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= line.length) throw fail('unterminated double quote');
        const d = line[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
          cur += line[i + 1];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw fail('trailing backslash');
      cur += line[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  if (words.length === 0) throw fail('empty command');
  return words;
}
