import type { CommandModule } from 'yargs';
import { attackCommand } from './attack.js';
import { calibrateCommand } from './calibrate.js';
import { epsilonCommand } from './epsilon.js';
import { fairnessCommand } from './fairness.js';
import { gateCommand } from './gate.js';
import { inspectCommand } from './inspect.js';
import { mergeCommand } from './merge.js';
import { reportCommand } from './report.js';
import { selftestCommand } from './selftest.js';
import { sweepCommand } from './sweep.js';
import { trainCommand } from './train.js';

// Each command lives in its own file and is registered here (one line per command).
// biome-ignore lint/suspicious/noExplicitAny: yargs commands have different argv types; the list only registers them
type AnyCommand = CommandModule<any, any>;

export const commands: AnyCommand[] = [
  inspectCommand,
  trainCommand,
  epsilonCommand,
  calibrateCommand,
  attackCommand,
  sweepCommand,
  reportCommand,
  mergeCommand,
  gateCommand,
  fairnessCommand,
  selftestCommand,
];
