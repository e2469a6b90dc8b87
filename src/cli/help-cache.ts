/**
 * yargs renders a command's whole help text before it runs the command's handler, so that the handler could
 * still show that help later. No dpaudit handler does: a usage error is one line (run.ts), and `--help` renders
 * on its own path. For `sweep`, with its many options, the rendering is main-thread work at every start-up, while
 * the worker pool boots (start-up time: `npm run bench -- cli`, line cli-inspect-embedded).
 * Returns whether the hook was found (yargs 18's internal usage instance; a test pins it).
 */
export function skipHelpCache(y: unknown): boolean {
  type Usage = { cacheHelpMessage?: () => void };
  const internal = (y as { getInternalMethods?: () => { getUsageInstance?: () => Usage | undefined } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (!usage || typeof usage.cacheHelpMessage !== 'function') return false;
  usage.cacheHelpMessage = () => {};
  return true;
}
