import { optionSpecs } from './registry.js';
import { camelCase, type OptionSpec } from './types.js';
import { rangeText } from './validate.js';

/** Markers around the generated table in README.md. */
export const README_START = '<!-- options:start (generated from src/options by `npm run schemas`; do not edit) -->';
export const README_END = '<!-- options:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');
const show = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));

function valueText(s: OptionSpec): string {
  switch (s.type) {
    case 'number':
      return s.integer ? rangeText(s) : s.min !== undefined || s.max !== undefined ? `number, ${rangeText(s)}` : 'number';
    case 'boolean':
      return 'flag';
    case 'string':
      return s.patternHelp ?? (s.path ? 'path' : 'text');
    case 'scalar':
      return 'value';
    case 'choice':
      return s.choices.map((c) => `\`${c}\``).join(' | ');
    case 'list':
      return s.choices ? `list of ${s.choices.map((c) => `\`${c}\``).join(', ')}` : s.keyValue ? 'list of COLUMN=VALUE' : 'list';
    case 'numbers':
      return `list of ${s.integer ? 'positive integers' : 'positive numbers'}, e.g. \`${s.example}\``;
  }
}

function defaultText(s: OptionSpec): string {
  if (s.defaultText !== undefined) return s.defaultText;
  if ('presets' in s && s.presets) {
    const std = show(s.presets.standard);
    const others = Object.entries(s.presets).filter(([, v]) => show(v) !== std);
    return `\`${std}\`${others.length ? ` (preset ${others.map(([p, v]) => `${p}: \`${show(v)}\``).join(', ')})` : ''}`;
  }
  if ('default' in s && s.default !== undefined) return `\`${show(s.default)}\``;
  return '';
}

/** The README table of every option: flag, config key, allowed values, default, commands, help. */
export function optionsTable(): string {
  const lines = ['| flag | config key | value | default | commands | meaning |', '|---|---|---|---|---|---|'];
  for (const s of optionSpecs as readonly OptionSpec[]) {
    const commands = s.commands === 'all' ? 'all' : s.commands.join(', ');
    lines.push(
      `| \`--${s.name}\` | ${s.config === false ? '—' : `\`${camelCase(s.name)}\``} | ${cell(valueText(s))} | ${cell(defaultText(s))} | ${commands} | ${cell(s.help)} |`,
    );
  }
  return lines.join('\n');
}

/** README text with the part between the markers replaced by the current table (throws when a marker is missing). */
export function readmeWithOptionsTable(readme: string): string {
  const i = readme.indexOf(README_START);
  const j = readme.indexOf(README_END);
  if (i < 0 || j < i) throw new Error('README.md lacks the options table markers');
  return `${readme.slice(0, i + README_START.length)}\n\n${optionsTable()}\n\n${readme.slice(j)}`;
}
