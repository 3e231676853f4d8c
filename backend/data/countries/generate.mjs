#!/usr/bin/env node
// Generates backend/data/countries/countries.json, the country table the server embeds
// (backend/src/identity/countries.rs), from CLDR and the checked-in income-groups.csv.
// Country names are never typed by hand: they come from CLDR, like everything else here
// except the World Bank income groups.
//
//   npm install --prefix /tmp/cldr cldr-core@48 cldr-localenames-full@48 && node backend/data/countries/generate.mjs /tmp/cldr/node_modules
//
// The argument is a node_modules folder holding cldr-core and cldr-localenames-full (major version 48);
// without it the folders listed in NODE_PATH are searched. Node 18 or later; no other dependencies.
//
// What it takes from where:
// - the countries: cldr-core supplemental/codeMappings.json. A country is an officially assigned
//   ISO 3166-1 alpha-2 code, which CLDR lists with its numeric code; left out are the user-assigned
//   ranges (AA, QM-QZ, XA-XZ, ZZ), the codes CLDR marks deprecated (supplemental/aliases.json:
//   AN, CS, SU, YU, ...) and the exceptionally reserved ones (EU, UN, AC, IC, ...). One user-assigned
//   code is admitted on purpose: XK, Kosovo, which the World Bank classifies and CLDR names, so that
//   people from Kosovo can say where they are from (its numeric code is null).
// - region and subregion: cldr-core supplemental/territoryContainment.json, which follows UN M49.
//   The region is one of Africa 002, Americas 019, Asia 142, Europe 150, Oceania 009; the subregion is
//   the country's direct M49 container, e.g. 155 Western Europe or 014 Eastern Africa (for Sub-Saharan
//   Africa and Latin America that is M49's intermediate region). M49 gives Antarctica (AQ) no region;
//   CLDR puts it in QO "Outlying Oceania" within Oceania, and so does this table.
// - names: cldr-localenames-full main/<locale>/territories.json, the standard names (not the
//   -alt-short/-alt-variant ones), for ar, en, es, fr, ru and zh-Hans (which the server ships as zh-CN);
//   the regions and subregions are named the same way.
// - income groups: income-groups.csv beside this script (see its header for source and fiscal year).
//   A row whose code is not a country above stops the script; countries without a row are listed.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLDR_MAJOR = '48';

/** Our locale tag → the CLDR locale whose names it uses. */
const LOCALES = { ar: 'ar', en: 'en', es: 'es', fr: 'fr', ru: 'ru', 'zh-CN': 'zh-Hans' };

/** The five M49 regions a country can belong to. */
const REGIONS = { '002': 'AFRICA', '019': 'AMERICAS', '142': 'ASIA', '150': 'EUROPE', '009': 'OCEANIA' };

/** ISO 3166-1 exceptionally reserved codes (CLDR lists some of them with territory data). */
const EXCEPTIONALLY_RESERVED = new Set(['AC', 'CP', 'CQ', 'DG', 'EA', 'EU', 'EZ', 'FX', 'IC', 'SU', 'TA', 'UK', 'UN']);

/** User-assigned codes admitted beside ISO 3166-1 (see above). */
const ADMITTED_USER_ASSIGNED = new Set(['XK']);

const INCOME_GROUPS = new Set(['LOW', 'LOWER_MIDDLE', 'UPPER_MIDDLE', 'HIGH']);

function fail(message) {
  console.error(`generate.mjs: ${message}`);
  process.exit(1);
}

function findCldr() {
  const candidates = process.argv[2] ? [process.argv[2]] : (process.env.NODE_PATH ?? '').split(':').filter(Boolean);
  const found = candidates.find((dir) => existsSync(join(dir, 'cldr-core')) && existsSync(join(dir, 'cldr-localenames-full')));
  if (!found) {
    fail(
      `cldr-core and cldr-localenames-full not found in ${candidates.join(', ') || '(no argument, NODE_PATH empty)'}.\n` +
        `Install them: npm install --prefix /tmp/cldr cldr-core@${CLDR_MAJOR} cldr-localenames-full@${CLDR_MAJOR}\n` +
        'and pass the folder: node backend/data/countries/generate.mjs /tmp/cldr/node_modules',
    );
  }
  return found;
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function isUserAssigned(code) {
  return code === 'AA' || code === 'ZZ' || (code >= 'QM' && code <= 'QZ') || (code >= 'XA' && code <= 'XZ');
}

const root = findCldr();
const versions = {};
for (const pkg of ['cldr-core', 'cldr-localenames-full']) {
  const { version } = readJson(join(root, pkg, 'package.json'));
  if (version.split('.')[0] !== CLDR_MAJOR) fail(`${pkg} is ${version}; this script expects ${CLDR_MAJOR}.x`);
  versions[pkg] = version;
}
const supplemental = (file) => readJson(join(root, 'cldr-core', 'supplemental', file)).supplemental;

// The countries.
const codeMappings = supplemental('codeMappings.json').codeMappings;
const deprecated = new Set(
  Object.entries(supplemental('aliases.json').metadata.alias.territoryAlias)
    .filter(([, alias]) => alias._reason === 'deprecated')
    .map(([code]) => code),
);
const numericOf = new Map();
for (const [code, mapping] of Object.entries(codeMappings)) {
  if (!/^[A-Z]{2}$/.test(code)) continue;
  if (ADMITTED_USER_ASSIGNED.has(code)) {
    numericOf.set(code, null);
    continue;
  }
  if (!mapping._numeric || isUserAssigned(code) || deprecated.has(code) || EXCEPTIONALLY_RESERVED.has(code)) continue;
  numericOf.set(code, mapping._numeric);
}
for (const code of ADMITTED_USER_ASSIGNED) {
  if (!numericOf.has(code)) fail(`${code} is no longer in CLDR's codeMappings`);
}
const codes = [...numericOf.keys()].sort();

// Region and subregion: the non-grouping, current M49 containment (plus CLDR's QO for Antarctica).
const containerOf = new Map();
for (const [container, entry] of Object.entries(supplemental('territoryContainment.json').territoryContainment)) {
  if (!/^(\d{3}|QO)$/.test(container) || entry._grouping) continue;
  for (const member of entry._contains) {
    if (containerOf.has(member)) fail(`${member} is in both ${containerOf.get(member)} and ${container}`);
    containerOf.set(member, container);
  }
}
function placeOf(code) {
  const subregion = containerOf.get(code);
  if (!subregion) fail(`${code} has no container in CLDR's territoryContainment`);
  let region = subregion;
  while (region && !REGIONS[region]) region = containerOf.get(region);
  if (!region) fail(`${code} (in ${subregion}) is in none of the regions ${Object.keys(REGIONS).join(', ')}`);
  return { region, subregion };
}

// Names.
const territoryNames = Object.fromEntries(
  Object.entries(LOCALES).map(([ours, cldr]) => [
    ours,
    readJson(join(root, 'cldr-localenames-full', 'main', cldr, 'territories.json')).main[cldr].localeDisplayNames
      .territories,
  ]),
);
function namesOf(code) {
  return Object.fromEntries(
    Object.keys(LOCALES).map((locale) => {
      const name = territoryNames[locale][code];
      if (!name) fail(`CLDR has no ${locale} name for ${code}`);
      return [locale, name];
    }),
  );
}

// Income groups.
const incomeGroupOf = new Map();
const csvPath = join(HERE, 'income-groups.csv');
const lines = readFileSync(csvPath, 'utf8').split('\n');
let sawHeader = false;
lines.forEach((raw, index) => {
  const line = raw.trim();
  const where = `income-groups.csv line ${index + 1}`;
  if (line === '' || line.startsWith('#')) return;
  if (!sawHeader) {
    if (line !== 'code,income_group') fail(`${where}: expected the header "code,income_group", found "${line}"`);
    sawHeader = true;
    return;
  }
  const [code, group, ...rest] = line.split(',');
  if (rest.length > 0) fail(`${where}: expected two columns, found "${line}"`);
  if (!numericOf.has(code)) fail(`${where}: "${code}" is not an ISO 3166-1 alpha-2 code of a country in this table`);
  if (!INCOME_GROUPS.has(group)) fail(`${where}: "${group}" is not one of ${[...INCOME_GROUPS].join(', ')}`);
  if (incomeGroupOf.has(code)) fail(`${where}: ${code} appears twice`);
  incomeGroupOf.set(code, group);
});
if (!sawHeader) fail('income-groups.csv has no header line');

// The table.
const countries = codes.map((code) => ({
  code,
  numeric: numericOf.get(code),
  ...placeOf(code),
  incomeGroup: incomeGroupOf.get(code) ?? null,
  names: namesOf(code),
}));
const regionCodes = [...new Set(countries.flatMap(({ region, subregion }) => [region, subregion]))].sort();

const unclassified = countries.filter((country) => !country.incomeGroup).map(({ code }) => code);
console.log(`${countries.length} countries (${codes.filter((code) => !ADMITTED_USER_ASSIGNED.has(code)).length} ISO 3166-1, plus ${[...ADMITTED_USER_ASSIGNED].join(', ')})`);
console.log(`${incomeGroupOf.size} with an income group; ${unclassified.length} without: ${unclassified.join(' ')}`);

// One country or region per line, so that a change reads as a one-line diff.
const output = [
  '{',
  `  "_generated": ${JSON.stringify('by backend/data/countries/generate.mjs; do not edit by hand')},`,
  `  "cldr": ${JSON.stringify(versions)},`,
  '  "regions": {',
  // Built from the sorted array: an object would put "142" before "002" (integer-like keys come first).
  regionCodes.map((code) => `    ${JSON.stringify(code)}: ${JSON.stringify(namesOf(code))}`).join(',\n'),
  '  },',
  '  "countries": [',
  countries.map((country) => `    ${JSON.stringify(country)}`).join(',\n'),
  '  ]',
  '}',
  '',
].join('\n');
JSON.parse(output);
writeFileSync(join(HERE, 'countries.json'), output);
console.log(`wrote ${join(HERE, 'countries.json')}`);
