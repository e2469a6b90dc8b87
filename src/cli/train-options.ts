import type { Argv } from 'yargs';
import { trainDefaults, type TrainArgs } from '../train/config.js';

export function trainOptions<T>(y: Argv<T>): Argv<T & TrainArgs> {
  return y
    .option('model', { type: 'string', choices: ['logreg', 'mlp'], describe: `model (default ${trainDefaults.model})` })
    .option('hidden', { type: 'string', describe: `MLP hidden widths (default ${trainDefaults.hidden.join(',')})` })
    .option('epochs', { type: 'number', describe: `epochs; steps T = ceil(epochs / q) (default ${trainDefaults.epochs})` })
    .option('batch-size', { type: 'number', describe: `expected batch size B, q = B/N (default ${trainDefaults.batchSize})` })
    .option('clip', { type: 'number', describe: `clipping norm C (default ${trainDefaults.clip})` })
    .option('lr', { type: 'number', describe: `learning rate (default ${trainDefaults.lr})` })
    .option('optimizer', {
      type: 'string',
      choices: ['sgd', 'momentum', 'adam'],
      describe: `optimiser (default ${trainDefaults.optimizer})`,
    })
    .option('momentum', { type: 'number', describe: 'momentum for --optimizer momentum (default 0.9)' })
    .option('delta', { type: 'number', describe: `target δ (default ${trainDefaults.delta})` })
    .option('accountant', {
      type: 'string',
      choices: ['rdp', 'prv'],
      describe: `privacy accountant (default ${trainDefaults.accountant}; RDP is reported beside it)`,
    })
    .option('secure-noise', {
      type: 'boolean',
      describe: 'draw DP noise from node:crypto instead of the seeded generator',
    }) as unknown as Argv<T & TrainArgs>;
}
