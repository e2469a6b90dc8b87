import type { CommandName, OptionSpec } from '../types.js';

/** Commands that train models. */
export const trainCommands = ['train', 'attack', 'sweep'] as const satisfies readonly CommandName[];
const commands = trainCommands;

/** Training hyperparameters shared by every arm (docs/methods.md#dp-sgd). Defaults chosen by measurement on the shipped datasets. */
export const trainSpecs = [
  { name: 'model', type: 'choice', choices: ['logreg', 'mlp'], default: 'mlp', commands, help: 'model family' },
  {
    name: 'hidden',
    type: 'numbers',
    integer: true,
    example: '64,64',
    default: [64, 64],
    commands,
    help: 'MLP hidden widths',
  },
  {
    name: 'epochs',
    type: 'number',
    min: 0,
    minExclusive: true,
    default: 20,
    presets: { test: 3, quick: 10, standard: 20, thorough: 20 },
    commands,
    help: 'epochs; steps T = ceil(epochs / q)',
  },
  {
    name: 'batch-size',
    type: 'number',
    integer: true,
    min: 1,
    default: 256,
    commands,
    help: 'expected batch size B (Poisson sampling rate q = B/N); with the patient as the privacy unit B counts patients, and when not given it is chosen from the number of patients (q ≤ 0.1, at least 8)',
  },
  { name: 'clip', type: 'number', min: 0, minExclusive: true, default: 1, commands, help: 'clipping norm C' },
  { name: 'lr', type: 'number', min: 0, minExclusive: true, default: 0.005, commands, help: 'learning rate' },
  { name: 'optimizer', type: 'choice', choices: ['sgd', 'momentum', 'adam'], default: 'adam', commands, help: 'optimiser' },
  {
    name: 'momentum',
    type: 'number',
    min: 0,
    max: 1,
    maxExclusive: true,
    default: 0.9,
    commands,
    help: 'momentum for --optimizer momentum',
  },
  {
    name: 'delta',
    type: 'number',
    min: 0,
    minExclusive: true,
    max: 1,
    maxExclusive: true,
    default: 1e-5,
    commands: [...commands, 'epsilon', 'calibrate'],
    help: 'target δ',
  },
  {
    name: 'accountant',
    type: 'choice',
    choices: ['rdp', 'prv'],
    default: 'prv',
    commands: [...commands, 'epsilon', 'calibrate'],
    help: 'privacy accountant (RDP is reported beside PRV); see docs/methods.md#accountants',
  },
  {
    name: 'secure-noise',
    type: 'boolean',
    default: false,
    commands,
    help: 'draw DP noise from node:crypto instead of the seeded generator',
  },
  {
    name: 'privacy-unit',
    type: 'choice',
    choices: ['record', 'patient'],
    defaultText: 'patient when --id is given and ids repeat, else record',
    commands,
    help: 'what ε protects: one row, or all rows of one --id (docs/methods.md#privacy-unit)',
  },
] as const satisfies readonly OptionSpec[];
