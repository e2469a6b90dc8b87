/** The CLI process: signal handling, then `runCli`; started by main.ts (from the bundle when built). */
import { runCli } from './run.js';

// Ctrl-C / SIGTERM: show the cursor again (progress bars hide it) and exit through process.exit, so that
// 'exit' handlers run (e.g. the output-folder lock is removed).
for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(sig, () => {
    if (process.stderr.isTTY) process.stderr.write('\x1b[?25h\n');
    process.exit(code);
  });
}

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
