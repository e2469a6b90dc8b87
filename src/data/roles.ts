import { DpauditError } from '../errors.js';
import type { DatasetOptions } from './types.js';

/** What each column of the file is used for. */
export interface ColumnRoles {
  label: string;
  id?: string;
  sensitive: string[];
  /** Model features in file order. */
  features: string[];
  /** Always categorical: label, id, sensitive and --categorical. */
  categorical: Set<string>;
  /** Neither a feature nor the label (stray tokens there are counted, never an error). */
  unused: Set<string>;
}

/**
 * Check every column name in the options against the header and derive the roles: features are
 * `--features` or all columns minus label, id and `--drop` (a sensitive column in `--drop` stays a group
 * label only). Errors name the option, the column and the file.
 */
export function resolveRoles(header: readonly string[], opts: DatasetOptions, file: string): ColumnRoles {
  const has = new Set(header);
  const check = (option: string, names: readonly string[]) => {
    for (const c of names) {
      if (!has.has(c)) {
        throw new DpauditError(
          `no column ${JSON.stringify(c)} in the file header (columns: ${header.map((h) => JSON.stringify(h)).join(', ')})`,
          {
            location: { file, option },
          },
        );
      }
    }
  };
  check('label', [opts.label]);
  check('sensitive', opts.sensitive);
  if (opts.id !== undefined) check('id', [opts.id]);
  check('features', opts.features ?? []);
  check('drop', opts.drop);
  check('categorical', opts.categorical);
  const conflict = (option: string, names: readonly string[], what: string, name: string | undefined) => {
    if (name !== undefined && names.includes(name)) {
      throw new DpauditError(`column ${JSON.stringify(name)} is the ${what}, it cannot be listed here`, { location: { file, option } });
    }
  };
  conflict('sensitive', opts.sensitive, 'label', opts.label);
  conflict('features', opts.features ?? [], 'label', opts.label);
  conflict('sensitive', opts.sensitive, 'id column (--id)', opts.id);
  conflict('features', opts.features ?? [], 'id column (--id)', opts.id);
  if (opts.id !== undefined && opts.id === opts.label)
    throw new DpauditError('the id column cannot be the label', { location: { file, option: 'id' } });
  const dropped = new Set(opts.drop);
  const chosen = opts.manifest ? new Set<string>() : opts.features !== undefined ? new Set(opts.features) : new Set(header);
  const features = header.filter((c) => chosen.has(c) && c !== opts.label && c !== opts.id && !dropped.has(c));
  if (features.length === 0 && !opts.manifest) {
    throw new DpauditError('no feature columns left after removing the label, id and dropped columns', {
      location: { file, option: opts.features !== undefined ? 'features' : 'drop' },
    });
  }
  const categorical = new Set<string>([opts.label, ...opts.sensitive, ...opts.categorical]);
  if (opts.id !== undefined) categorical.add(opts.id);
  const featureSet = new Set(features);
  const unused = new Set(header.filter((c) => !featureSet.has(c) && c !== opts.label));
  return { label: opts.label, id: opts.id, sensitive: [...opts.sensitive], features, categorical, unused };
}
