import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ATTACK_NAMES } from '../../../attacks/types.js';
import { configSchema, pathKeys } from '../../../src/config/schema.js';
import { DpauditError } from '../../../src/errors.js';
import { zodOf } from '../../../src/options/config-schema.js';
import { parseReference } from '../../../src/options/parse.js';
import {
  allAttacks,
  camelCase,
  commandNames,
  configSpecs,
  defaultOf,
  optionSpecs,
  presetNames,
  specOf,
  specsFor,
  type OptionArgs,
  type OptionSpec,
} from '../../../src/options/registry.js';
import { checkValue, validateOptions } from '../../../src/options/validate.js';
import { accountantNames } from '../../../src/privacy/registry.js';
import { presets } from '../../../src/sweep/presets.js';

const specs = optionSpecs as readonly OptionSpec[];

test('an option name with several entries: their commands do not overlap and their config-file types agree', () => {
  const byName = new Map<string, OptionSpec[]>();
  for (const s of specs) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  for (const [name, list] of byName) {
    if (list.length === 1) continue;
    const seen = new Set<string>();
    for (const s of list) {
      assert.notEqual(s.commands, 'all', name);
      for (const c of s.commands as readonly string[]) {
        assert.ok(!seen.has(c), `${name} declared twice for ${c}`);
        seen.add(c);
      }
    }
    const schemas = list.map((s) => JSON.stringify(z.toJSONSchema(zodOf(s))));
    assert.ok(
      schemas.every((x) => x === schemas[0]),
      `${name}: entries differ in type`,
    );
  }
});

test('names are kebab case, every entry has help and names known commands', () => {
  for (const s of specs) {
    assert.match(s.name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, s.name);
    assert.ok(s.help.length > 0, s.name);
    if (s.commands !== 'all') for (const c of s.commands) assert.ok((commandNames as readonly string[]).includes(c), `${s.name}: ${c}`);
  }
  for (const c of commandNames)
    assert.ok(
      specsFor(c).some((s) => s.name === 'seed'),
      `${c} takes the global flags`,
    );
});

test('every default and every per-preset value passes its own check unchanged', () => {
  for (const s of specs) {
    const values = [
      ...('default' in s && s.default !== undefined ? [s.default] : []),
      ...('presets' in s && s.presets ? Object.values(s.presets) : []),
    ];
    for (const v of values) assert.deepEqual(checkValue(s, v), Array.isArray(v) ? [...v] : v, s.name);
  }
});

test('presets derived from the registry are the documented ones (README, Presets)', () => {
  assert.deepEqual(presets.test, {
    epsilons: [1, 8],
    referenceModels: 2,
    seeds: 1,
    bootstrap: 100,
    canaries: 100,
    maxRows: 1500,
    train: { epochs: 3 },
  });
  assert.deepEqual(presets.quick, {
    epsilons: [1, 4, 8],
    referenceModels: 4,
    seeds: 1,
    bootstrap: 200,
    canaries: 300,
    maxRows: null,
    train: { epochs: 10 },
  });
  assert.deepEqual(presets.standard.epsilons, [0.5, 1, 2, 4, 8]);
  assert.equal(presets.standard.referenceModels, 16);
  assert.equal(presets.standard.train.epochs, 20);
  assert.deepEqual(presets.thorough.epsilons, [0.25, 0.5, 1, 2, 4, 8, 16]);
  assert.equal(presets.thorough.seeds, 3);
  assert.deepEqual(Object.keys(presets), [...presetNames]);
  // The default of an option with per-preset values is its standard value.
  for (const s of specs) if ('presets' in s && s.presets) assert.deepEqual(s.default, s.presets.standard, s.name);
});

test('the allowed values are the implemented ones', () => {
  assert.deepEqual([...allAttacks], [...ATTACK_NAMES]);
  const acc = specOf('accountant', 'sweep');
  assert.ok(acc?.type === 'choice');
  assert.deepEqual([...acc.choices], [...accountantNames]);
  assert.deepEqual((specOf('preset', 'sweep') as { choices: readonly string[] }).choices, presetNames);
});

test('defaults declared once: suppress-below 11, seed 1, min-group-size 30 for every command that takes them', () => {
  for (const c of commandNames) {
    assert.equal(defaultOf('suppress-below', c), 11);
    assert.equal(defaultOf('seed', c), 1);
  }
  for (const c of ['inspect', 'train', 'attack', 'sweep', 'fairness'] as const) assert.equal(defaultOf('min-group-size', c), 30);
});

test('the config schema has one key per option allowed in a file, and the path keys', () => {
  const keys = Object.keys((configSchema as unknown as { shape: Record<string, unknown> }).shape);
  assert.deepEqual(
    keys,
    configSpecs().map((s) => camelCase(s.name)),
  );
  assert.ok(!keys.includes('json') && !keys.includes('config') && keys.includes('batchSize'));
  assert.deepEqual([...pathKeys], ['data', 'out', 'gate']);
  assert.equal(configSchema.safeParse({ model: 'cnn' }).success, false);
  assert.equal(configSchema.safeParse({ batchSize: 0 }).success, false);
  assert.equal(configSchema.safeParse({ batchSize: 1, epsilons: '1,2', attacks: ['loss'] }).success, true);
});

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DpauditError, String(e));
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  assert.fail('did not throw');
}

test('value checks: one line naming the option and what is allowed', () => {
  const v = (command: Parameters<typeof validateOptions>[0], o: Record<string, unknown>) => () => validateOptions(command, o);
  assert.equal(messageOf(v('sweep', { model: 'cnn' })), "option --model: 'cnn' is not one of logreg, mlp");
  assert.equal(messageOf(v('inspect', { suppressBelow: 'abc' })), "option --suppress-below: 'abc' is not a number");
  assert.equal(messageOf(v('inspect', { suppressBelow: 2.5 })), 'option --suppress-below: must be a whole number ≥ 0, got 2.5');
  assert.equal(messageOf(v('inspect', { testFraction: 1 })), 'option --test-fraction: must be between 0 and 1 (exclusive), got 1');
  assert.equal(messageOf(v('inspect', { validationFraction: 1 })), 'option --validation-fraction: must be at least 0 and below 1, got 1');
  assert.equal(messageOf(v('sweep', { aucTolerance: 0 })), 'option --auc-tolerance: must be above 0 and at most 1, got 0');
  assert.equal(messageOf(v('train', { batchSize: 0 })), 'option --batch-size: must be a positive integer, got 0');
  assert.equal(messageOf(v('train', { epsilon: -1 })), 'option --epsilon: must be positive, got -1');
  assert.equal(messageOf(v('sweep', { attacks: 'loss,loss' })), "option --attacks: 'loss' is listed twice");
  assert.equal(messageOf(v('sweep', { epsilons: '1,x' })), 'option --epsilons: expects positive numbers such as 1,4,8, got "1,x"');
  assert.equal(messageOf(v('sweep', { secureNoise: 'yes' })), "option --secure-noise: 'yes' is not true or false");
  assert.equal(messageOf(v('sweep', { shard: '3/2x' })), "option --shard: expects i/n with 1 ≤ i ≤ n, got '3/2x'");
  // Normalised values: numeric strings, lists, sorted unique ε.
  const ok = validateOptions('sweep', { seed: '7', epsilons: '8,1,8', attacks: ['loss', 'rmia-online'], hidden: 32 });
  assert.deepEqual(ok, { seed: 7, epsilons: [1, 8], attacks: ['loss', 'rmia-online'], hidden: [32] });
  // Library callers: unknown keys are errors, like the CLI's strict mode.
  assert.equal(
    messageOf(() => validateOptions('sweep', { maskz: 'balanced' }, ['log'])),
    'option --maskz: is not an option of sweep',
  );
  assert.equal(
    messageOf(() => validateOptions('train', { trials: 3 }, [])),
    'option --trials: is not an option of train',
  );
  assert.deepEqual(validateOptions('sweep', { log: true }, ['log']), { log: true });
});

test('one parseReference: COLUMN=VALUE items, trimmed; a missing name or value or a column named twice is an error', () => {
  assert.equal(parseReference(undefined), undefined);
  assert.deepEqual(parseReference('sex=F, age_group = 40-59'), { sex: 'F', age_group: '40-59' });
  assert.deepEqual(parseReference(['sex=F', 'race=a=b']), { sex: 'F', race: 'a=b' });
  for (const bad of ['sex', '=F', 'sex=', 'sex=F,sex=M'])
    assert.match(
      messageOf(() => parseReference(bad)),
      /^option --reference: /,
      bad,
    );
  assert.match(
    messageOf(() => parseReference('x', 'other')),
    /^option --other: expects COLUMN=VALUE/,
  );
});

test('OptionArgs<command> types the options of a command from the registry (checked by tsc on the tests)', () => {
  const a: OptionArgs<'sweep'> = { masks: 'balanced', suppressBelow: 3, epsilons: '1,2', batchSize: 1, failOnWarn: true, out: 'x' };
  // @ts-expect-error not a mask scheme
  const b: OptionArgs<'sweep'> = { masks: 'balancd' };
  // @ts-expect-error trials is a selftest option
  const c: OptionArgs<'sweep'> = { trials: 3 };
  assert.deepEqual(validateOptions('sweep', a, []), { ...a, epsilons: [1, 2] });
  assert.throws(() => validateOptions('sweep', b, []), /option --masks: 'balancd' is not one of bernoulli, balanced/);
  assert.throws(() => validateOptions('sweep', c, []), /option --trials: is not an option of sweep/);
});
