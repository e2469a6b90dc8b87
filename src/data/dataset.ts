import { DpauditError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { buildGroupings } from './groups.js';
import { readCsvColumns } from './csv-columns.js';
import { duplicateRecordsOfColumns } from './duplicates.js';
import { binaryLabel } from './label.js';
import { resolveRoles } from './roles.js';
import { splitRows } from './split.js';
import { patientUnits, recordUnits, type PrivacyUnits } from './units.js';
import { buildTableFromColumns, getColumn } from './table.js';
import type { CategoricalColumn, DatasetOptions, GroupAttribute, PreparedDataset } from './types.js';
import { gatherI32 } from './typed.js';

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
  // Read straight into dictionary-encoded columns (no per-row strings), with progress on large files.
  let lastReport = performance.now();
  const raw = readCsvColumns(opts.data, (fraction, rows) => {
    const now = performance.now();
    if (now - lastReport < 2000) return;
    lastReport = now;
    log?.info(`reading ${opts.data}: ${Math.round(100 * fraction)} % (${rows} rows, ${((now - t0) / 1000).toFixed(0)} s)`);
  });
  const file = opts.data;
  const roles = resolveRoles(raw.header, opts, file);
  const table = buildTableFromColumns(raw, { categorical: roles.categorical, lenient: opts.lenient, unused: roles.unused });
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
  // Duplicates: rows identical in every column of the file are one record (docs/methods.md#duplicates).
  const dup = duplicateRecordsOfColumns(raw.columns, raw.nRows);
  const handling = opts.duplicates ?? 'group';
  const firstCopy = handling === 'drop' ? new Uint8Array(dup.records) : null;
  let droppedCopies = 0;
  const kept = new Int32Array(table.nRows);
  let nKept = 0;
  for (let r = 0; r < table.nRows; r++) {
    if (labelCol.codes[r] < 0) continue;
    if (firstCopy) {
      const rec = dup.recordOfRow[r];
      if (firstCopy[rec]) {
        droppedCopies++;
        continue;
      }
      firstCopy[rec] = 1;
    }
    kept[nKept++] = r;
  }
  const rowIndex = kept.slice(0, nKept);
  if (rowIndex.length === 0) throw new DpauditError('every label is missing', { location: { file, column: roles.label, option: 'label' } });
  const keptCodes = gatherI32(rowIndex, labelCol.codes);
  const bin = binaryLabel(labelCol, keptCodes, file, opts.positiveLabel, (k) => table.lines[rowIndex[k]]);
  const y = new Uint8Array(keptCodes.length);
  for (let i = 0; i < keptCodes.length; i++) y[i] = keptCodes[i] === bin.positiveCode ? 1 : 0;
  if (dropped > 0)
    warnings.push(
      `${dropped} rows with a missing label (column ${JSON.stringify(roles.label)}) were dropped; ${rowIndex.length} rows remain`,
    );

  // Sensitive attributes (always categorical) restricted to the kept rows.
  const groups: GroupAttribute[] = roles.sensitive.map((name) => {
    const col = getColumn(table, name) as CategoricalColumn;
    return { name, codes: gatherI32(rowIndex, col.codes), levels: col.levels };
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
    if (c.kind === 'categorical' && !roles.unused.has(c.name) && c.name !== roles.id) {
      const near = nearDuplicateLevels(c.levels);
      if (near.length > 0)
        warnings.push(
          `column ${JSON.stringify(c.name)}: levels ${near
            .slice(0, 3)
            .map((g) => g.map((l) => JSON.stringify(l)).join(' and '))
            .join('; ')} differ only by case or spaces and are separate groups; if they mean the same value, fix the file`,
        );
    }
    if (c.kind === 'categorical' && roles.features.includes(c.name) && c.levels.length > MANY_LEVELS) {
      warnings.push(
        `categorical feature ${JSON.stringify(c.name)} has ${c.levels.length} levels (${c.levels.length} one-hot columns); if it identifies records use --id or --drop`,
      );
    }
  }

  const duplicateRows = dup.duplicateRows;
  const recordOfRow = handling === 'group' && duplicateRows > 0 ? gatherI32(rowIndex, dup.recordOfRow) : undefined;
  if (duplicateRows > 0) {
    const what = `${duplicateRows} rows repeat an earlier row in every column (${dup.records} distinct records)`;
    if (handling === 'group')
      warnings.push(
        `${what}: the copies of a record are kept together, on one side of every split and of every fleet mask (--duplicates group)`,
      );
    else if (handling === 'drop')
      warnings.push(`${what}: ${droppedCopies} later copies were dropped, the first copy of each record kept (--duplicates drop)`);
    else
      warnings.push(
        `${what}: kept as separate rows (--duplicates keep), so copies can fall on both sides of a split or mask, which inflates test AUC and attack results`,
      );
  }

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
        `IDS REPEAT: ${rowIndex.length} rows share ${distinct} distinct values of ${JSON.stringify(roles.id)}. With --privacy-unit record, ε protects one record (row), not one patient: a patient with several rows is protected only at group privacy; the default privacy unit is therefore the patient (user-level DP-SGD); splits keep each id on one side`,
      );
    }
    if (missingIds > 0) warnings.push(`${missingIds} rows have no ${JSON.stringify(roles.id)} value; each is treated as its own id`);
  }

  // Renumbering keeps the units' order, so the split is the same as by the raw id codes.
  const units: PrivacyUnits = unitOfRow ? patientUnits(unitOfRow) : recordUnits(rowIndex.length);
  // Without ids, the copies of a record are one unit of the split (with ids they share their id anyway).
  const splitUnitOfRow = unitOfRow ? units.unitOfRow : recordOfRow;
  const splits = splitRows(y, {
    testFraction: opts.testFraction,
    validationFraction: opts.validationFraction,
    seed: opts.seed,
    unitOfRow: splitUnitOfRow,
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
    duplicateHandling: handling,
    ...(recordOfRow ? { recordOfRow } : {}),
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

/** Groups of levels that are equal once case and spaces are ignored (e.g. "F" and "f", "no cancer" and "No  cancer"). */
export function nearDuplicateLevels(levels: readonly string[]): string[][] {
  const by = new Map<string, string[]>();
  for (const l of levels) {
    const k = l.toLowerCase().replace(/\s+/g, '');
    const g = by.get(k);
    if (g) g.push(l);
    else by.set(k, [l]);
  }
  return [...by.values()].filter((g) => g.length > 1);
}
