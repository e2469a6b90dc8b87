/**
 * Run the CLI in this process and print its peak RSS (worker threads included) as one JSON line on stderr
 * at exit: `node --import tsx scripts/bench-rss.ts <dpaudit args>` (used by bench-large.ts).
 */
import { runCli } from '../src/cli/run.js';

process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
});
process.exitCode = await runCli(process.argv.slice(2));
