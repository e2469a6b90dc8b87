/**
 * yargs renders a command's whole help text before it runs the command's handler, so that the handler could
 * still show that help later. No dpaudit handler does: a usage error is one line (run.ts), and `--help` renders
 * on its own path. For `sweep`, with its many options, the rendering took 0.1–0.2 s of every start-up (on the
 * main thread, while the worker pool boots); `dpaudit inspect` starts in 0.46 s instead of 0.56 s without it.
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
