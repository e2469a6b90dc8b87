import type { CommandModule } from 'yargs';

// Each command lives in its own file and is registered here (one line per command).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<any, any>;

export const commands: AnyCommand[] = [];
