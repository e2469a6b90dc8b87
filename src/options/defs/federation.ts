import type { CommandName, OptionSpec } from '../types.js';

/** Commands that form sites (inspect shows them; sweep trains the federated arms). */
const siteCommands = ['inspect', 'sweep'] as const satisfies readonly CommandName[];
const commands = ['sweep'] as const satisfies readonly CommandName[];
const group = 'Federation:';

/** The privacy modes of the federated arms (the same list as FEDERATION_MODES of src/train/federated/types.ts). */
export const FED_MODE_CHOICES = ['none', 'local-dp', 'server-dp'] as const;

/** Federated audits (docs/methods.md#federated): sites as clients, FedAvg, local or server-side DP. */
export const federationSpecs = [
  {
    name: 'sites',
    type: 'scalar',
    commands: siteCommands,
    group,
    help: 'federate over sites: a column (each value one site, e.g. region) or a number k of sites (see --site-split); adds the federated arms to the sweep',
  },
  {
    name: 'site-split',
    type: 'string',
    pattern: /^\s*(iid|dirichlet:\S+)\s*$/,
    patternHelp: 'iid or dirichlet:α (α > 0)',
    defaultText: 'iid',
    commands: siteCommands,
    group,
    help: 'how --sites k spreads the patients over the sites: iid, or dirichlet:α (label proportions per site ~ Dir(α); small α, more skew)',
  },
  {
    name: 'fed-modes',
    type: 'list',
    choices: FED_MODE_CHOICES,
    unique: true,
    default: FED_MODE_CHOICES,
    commands,
    group,
    help: 'federated arms: none (FedAvg only), local-dp (DP-SGD at every site), server-dp (DP-FedAvg, site-level ε)',
  },
  {
    name: 'rounds',
    type: 'number',
    integer: true,
    min: 1,
    default: 20,
    // As many rounds as the preset's epochs: with E = 1 every site passes over its data as often as centralised training does.
    presets: { test: 3, quick: 10, standard: 20, thorough: 20 },
    commands,
    group,
    help: 'FedAvg rounds R',
  },
  {
    name: 'local-epochs',
    type: 'number',
    min: 0,
    minExclusive: true,
    default: 1,
    commands,
    group,
    help: 'local epochs E per round (site s runs T_s = ceil(E·n_s/B) steps)',
  },
  {
    name: 'site-rate',
    type: 'number',
    min: 0,
    minExclusive: true,
    max: 1,
    default: 1,
    commands,
    group,
    help: 'fraction p of sites taking part in a round (each site independently)',
  },
  {
    name: 'update-clip',
    type: 'number',
    min: 0,
    minExclusive: true,
    default: 1,
    commands,
    group,
    help: "server-dp: clip S of one site's update (parameter change over a round)",
  },
  {
    name: 'audit-site',
    type: 'string',
    defaultText: 'the site with the most training rows',
    commands,
    group,
    help: 'the site whose update the server-side attacker observes (a site name: a value of the --sites column, or site-1 … site-k)',
  },
] as const satisfies readonly OptionSpec[];
