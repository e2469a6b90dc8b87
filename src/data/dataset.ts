import { DpauditError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { buildGroupings } from './groups.js';
import { readCsvFile } from './csv.js';
import { countDuplicateRows } from './duplicates.js';
import { binaryLabel } from './label.js';
import { resolveRoles } from './roles.js';
import { splitRows } from './split.js';
import { patientUnits, recordUnits, type PrivacyUnits } from './units.js';
import { buildTable, getColumn } from './table.js';
import type { CategoricalColumn, DatasetOptions, GroupAttribute, PreparedDataset } from './types.js';

/** A categorical feature with more levels than this is warned about (one-hot width, likely an identifier). */
export const MANY_LEVELS = 50;

/**
 * Read, type and prepare a dataset (docs/methods.md#data): typed table, binary label (rows with a missing label
 * dropped, or an error with `strict`), sensitive group labels, feature columns, duplicate count, id
 * grouping and the seeded splits. Bad input throws a one-line DpauditError (exit 2).
 * Warnings are returned in `warnings` for the caller to print; `log` only receives progress (verbose).
 */
export function loadDataset(opts: DatasetOptions, log?: Logger): PreparedDataset {
  const t0 = performance.now();
  const raw = readCsvFile(opts.data);
  const file = opts.data;
  const roles = resolveRoles(raw.header, opts, file);
  const table = buildTable(raw, { categorical: roles.categorical, lenient: opts.lenient, unused: roles.unused });
  const warnings: string[] = [];

  // Label: drop rows with a missing label (counted), or an error with --strict.
  const labelCol = getColumn(table, roles.label) as CategoricalColumn;
  let firstMissing = -1;
  for (let r = 0; r < table.nRows; r++) {
    if (labelCol.codes[r] < 0) {
      firstMissing = r;
      break;
    }
  }
  const dropped = labelCol.missing;
  if (dropped > 0 && opts.strict) {
    throw new DpauditError(`missing label (${dropped} rows have no label; without --strict they are dropped)`, {
      location: { file, line: table.lines[firstMissing], column: roles.label },
    });
  }
  const rowIndex = new Int32Array(table.nRows - dropped);
  for (let r = 0, k = 0; r < table.nRows; r++) if (labelCol.codes[r] >= 0) rowIndex[k++] = r;
  if (rowIndex.length === 0) throw new DpauditError('every label is missing', { location: { file, column: roles.label, option: 'label' } });
  const keptCodes = Int32Array.from(rowIndex, (r) => labelCol.codes[r]);
  const bin = binaryLabel(labelCol, keptCodes, file, opts.positiveLabel);
  const y = Uint8Array.from(keptCodes, (c) => (c === bin.positiveCode ? 1 : 0));
  if (dropped > 0)
    warnings.push(
      `${dropped} rows with a missing label (column ${JSON.stringify(roles.label)}) were dropped; ${rowIndex.length} rows remain`,
    );

  // Sensitive attributes (always categorical) restricted to the kept rows.
  const groups: GroupAttribute[] = roles.sensitive.map((name) => {
    const col = getColumn(table, name) as CategoricalColumn;
    return { name, codes: Int32Array.from(rowIndex, (r) => col.codes[r]), levels: col.levels };
  });
  const minGroup = opts.minGroupSize;
  if (minGroup > 0) {
    for (const g of buildGroupings(groups, rowIndex.length)) {
      const n = new Int32Array(g.cells.length);
      for (const c of g.cellOfRow) n[c]++;
      const small = g.cells.filter((_, k) => n[k] > 0 && n[k] < minGroup).map((c) => describeCell(c.values));
      if (small.length > 0) {
        const shown = small.slice(0, 5).join('; ');
        warnings.push(
          `${small.length} subgroup${small.length > 1 ? 's' : ''} of ${g.attributes.join(' × ')} ha${small.length > 1 ? 've' : 's'} fewer than ${minGroup} rows (--min-group-size): ${shown}${small.length > 5 ? '; …' : ''}`,
        );
      }
    }
  }

  // Columns: stray tokens, high-cardinality categorical features.
  for (const c of table.columns) {
    if (c.kind === 'numeric' && c.strayTokens > 0 && !roles.unused.has(c.name)) {
      warnings.push(
        `column ${JSON.stringify(c.name)}: ${c.strayTokens} stray tokens (e.g. ${(c.strayExamples ?? []).map((t) => JSON.stringify(t)).join(', ')}) counted as missing values (--lenient)`,
      );
    }
    if (c.kind === 'categorical' && roles.features.includes(c.name) && c.levels.length > MANY_LEVELS) {
      warnings.push(
        `categorical feature ${JSON.stringify(c.name)} has ${c.levels.length} levels (${c.levels.length} one-hot columns); if it identifies records use --id or --drop`,
      );
    }
  }

  const duplicateRows = countDuplicateRows(raw.rows);
  if (duplicateRows > 0)
    warnings.push(`${duplicateRows} rows repeat an earlier row exactly (duplicates are counted once per extra copy and kept)`);

  // Ids: all rows of one id on the same side of every split.
  let unitOfRow: Int32Array | undefined;
  let ids: PreparedDataset['ids'];
  if (roles.id !== undefined) {
    const col = getColumn(table, roles.id) as CategoricalColumn;
    unitOfRow = new Int32Array(rowIndex.length);
    let next = col.levels.length;
    let missingIds = 0;
    const used = new Set<number>();
    for (let i = 0; i < rowIndex.length; i++) {
      const c = col.codes[rowIndex[i]];
      if (c < 0) {
        unitOfRow[i] = next++;
        missingIds++;
      } else {
        unitOfRow[i] = c;
        used.add(c);
      }
    }
    const distinct = used.size + missingIds;
    const repeated = distinct < rowIndex.length;
    ids = { distinct, repeated };
    if (repeated) {
      warnings.push(
        `IDS REPEAT: ${rowIndex.length} rows share ${distinct} distinct values of ${JSON.stringify(roles.id)}. ε protects one record (row), not one patient: a patient with several rows is protected only by about (rows × ε); splits keep each id on one side`,
      );
    }
    if (missingIds > 0) warnings.push(`${missingIds} rows have no ${JSON.stringify(roles.id)} value; each is treated as its own id`);
  }

  // Renumbering keeps the units' order, so the split is the same as by the raw id codes.
  const units: PrivacyUnits = unitOfRow ? patientUnits(unitOfRow) : recordUnits(rowIndex.length);
  const splits = splitRows(y, {
    testFraction: opts.testFraction,
    validationFraction: opts.validationFraction,
    seed: opts.seed,
    unitOfRow: unitOfRow ? units.unitOfRow : undefined,
  });
  if (splits.train.length === 0) {
    throw new DpauditError(`the training pool is empty (${rowIndex.length} rows; lower --test-fraction or --validation-fraction)`, {
      location: { file },
    });
  }
  for (const [name, rows] of [
    ['training pool', splits.train],
    ['validation', splits.validation],
    ['test', splits.test],
  ] as const) {
    if (name === 'validation' && opts.validationFraction === 0) continue;
    let p = 0;
    for (const i of rows) p += y[i];
    if (rows.length === 0 || p === 0 || p === rows.length)
      warnings.push(`the ${name} split has ${rows.length === 0 ? 'no rows' : 'a single label class'} (${rowIndex.length} rows in all)`);
  }

  log?.verbose(`read ${file}: ${table.nRows} rows, ${table.columns.length} columns in ${Math.round(performance.now() - t0)} ms`);
  return {
    options: opts,
    table,
    rowIndex,
    y,
    positiveLabel: bin.positiveLabel,
    negativeLabel: bin.negativeLabel,
    groups,
    featureColumns: roles.features,
    splits,
    droppedMissingLabel: dropped,
    duplicateRows,
    ids,
    units,
    warnings,
    sha256: raw.sha256,
  };
}

function describeCell(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
