import type { CellCount, InspectReport, LevelCount } from './inspect.js';

/** The plain-text summary of `dpaudit inspect` (the same content as --json, for reading). */
export function formatInspectText(r: InspectReport): string {
  const out: string[] = [];
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);
  out.push(`dataset   ${r.dataset.file}${r.dataset.embeddedDefault ? '  (embedded example: flchain, see examples/README.md)' : ''}`);
  out.push(`sha256    ${r.dataset.sha256}`);
  out.push(
    `rows      ${r.rows.inFile} in the file; ${r.rows.kept} kept` +
      (r.rows.droppedMissingLabel > 0 ? `, ${r.rows.droppedMissingLabel} dropped (missing label)` : '') +
      `; ${r.rows.duplicates} duplicate row${r.rows.duplicates === 1 ? '' : 's'}`,
  );
  out.push(
    r.label.nPositive === null
      ? `label     ${r.label.column}: positive ${JSON.stringify(r.label.positive)}, negative ${JSON.stringify(r.label.negative)} (class counts below --suppress-below ${r.suppressBelow}: not shown)`
      : `label     ${r.label.column}: positive ${JSON.stringify(r.label.positive)} ${r.label.nPositive} (${pct(r.label.positiveRate)}), negative ${JSON.stringify(r.label.negative)} ${r.label.nNegative}`,
  );
  out.push('');
  out.push(`columns (${r.columns.length}; missing = ${r.missingTokens.map((t) => (t === '' ? 'empty' : t)).join(', ')})`);
  const w = Math.max(6, ...r.columns.map((c) => c.name.length));
  out.push(`  ${'name'.padEnd(w)}  ${'type'.padEnd(11)}  ${'role'.padEnd(17)}  ${'missing'.padStart(7)}  details`);
  for (const c of r.columns) {
    let details = '';
    if (c.type === 'numeric' && (c.strayTokens ?? 0) > 0) {
      details = `${c.strayTokens} stray tokens counted as missing (e.g. ${(c.strayExamples ?? []).map((t) => JSON.stringify(t)).join(', ')})`;
    } else if (c.type === 'categorical') {
      details = c.levels ? c.levels.map(level).join(', ') : `${c.nLevels} levels`;
    }
    out.push(
      `  ${c.name.padEnd(w)}  ${c.type.padEnd(11)}  ${c.roles.join(',').padEnd(17)}  ${String(c.missing).padStart(7)}  ${details}`.trimEnd(),
    );
  }
  out.push('');
  const sup =
    r.suppressBelow > 0 ? `cells with 0 < n < ${r.suppressBelow} suppressed (--suppress-below)` : 'no suppression (--suppress-below 0)';
  if (r.groups.length === 0) out.push('subgroups: none (no --sensitive columns)');
  else {
    out.push(`subgroups (kept rows; ${sup}; * = fewer than ${r.minGroupSize} rows)`);
    for (const g of r.groups) {
      out.push(`  ${g.attributes.join(' × ')}: ${g.cells.map(cell).join('; ')}`);
    }
  }
  out.push('');
  const s = r.splits;
  const sp = (name: string, x: { n: number; positiveRate: number | null }) => `${name} ${x.n} (${pct(x.positiveRate)} positive)`;
  out.push(
    `splits    seed ${s.seed}, test ${s.testFraction}, validation ${s.validationFraction} of the rest${s.groupedBy ? `, grouped by ${s.groupedBy}` : ''}: ` +
      [sp('train', s.train), sp('validation', s.validation), sp('test', s.test)].join(', '),
  );
  if (r.ids)
    out.push(
      `ids       ${r.ids.column}: ${r.ids.distinct} distinct${r.ids.repeated ? ' (ids repeat: ε protects a record, not a patient)' : ''}`,
    );
  if (r.sites) {
    out.push(`sites     ${r.sites.source}; ${sup}`);
    for (const x of r.sites.sites)
      out.push(
        'suppressed' in x
          ? `  ${x.site} (suppressed)`
          : `  ${x.site}: ${x.rows} rows, ${x.trainRows ?? '(suppressed)'} in the training pool, ${pct(x.positiveRate)} positive`,
      );
  }
  out.push(`features  ${r.features.join(', ')}`);
  if (r.warnings.length > 0) {
    out.push('');
    out.push(`warnings (${r.warnings.length})`);
    for (const m of r.warnings) out.push(`  - ${m}`);
  }
  return out.join('\n') + '\n';
}

function level(l: LevelCount): string {
  return 'n' in l ? `${l.value} ${l.n}` : `${l.value} (suppressed)`;
}

function cell(c: CellCount): string {
  const name = Object.values(c.values).join(', ');
  return 'n' in c ? `${name} ${c.n}${c.belowMinGroupSize && c.n > 0 ? '*' : ''}` : `${name} (suppressed)`;
}
