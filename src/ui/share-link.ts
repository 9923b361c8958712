// Links that carry a small setup in the URL fragment (as TensorFlow Playground does): dataset, model, training
// settings and seed, the tab to open, and which settings are hidden or locked. JSON → deflate → base64url; the
// fragment never reaches a server, so a link works offline. Pure (node-tested); App.svelte applies what it decodes.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { ModelSpec } from '../engine/index.ts';

/** The fragment's key: `#setup=…`. */
export const LINK_KEY = 'setup';
/** The link format this studio writes and the newest it reads. */
export const LINK_VERSION = 1;

/** The training settings a link can set, hide or lock (the Train view's fields, by their Hyperparams names). */
export const SETTING_KEYS = [
  'epochs',
  'batchSize',
  'lr',
  'optimizer',
  'limit',
  'testLimit',
  'checkpointEvery',
  'seed',
  'schedule',
  'warmupSteps',
  'weightDecay',
  'clipNorm',
  'validationPercent',
  'patience',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

const CHOICES: Partial<Record<SettingKey, readonly string[]>> = {
  optimizer: ['sgd', 'momentum', 'nesterov', 'adam', 'adamw'],
  schedule: ['constant', 'step', 'cosine'],
};

/** The tabs a link may open. */
export const LINK_TABS = [
  'datasets',
  'model',
  'train',
  'compare',
  'evaluate',
  'playground',
  'inside',
  'read-text',
  'run',
  'storage',
  'system',
] as const;
export type LinkTab = (typeof LINK_TABS)[number];

/** A setup as a link carries it. Every field is optional: a link sets only what it names. */
export interface SharedSetup {
  /** The dataset (an embedded or generated set's id; an imported one only works where it is stored). */
  dataset?: string;
  /** A preset to start from (its model and dataset). */
  preset?: string;
  /** The model to load into the Model tab (its layers replace the preset's or proposal's). */
  spec?: ModelSpec;
  settings?: Partial<Record<SettingKey, number | string>>;
  tab?: LinkTab;
  hidden?: SettingKey[];
  locked?: SettingKey[];
}

/** A link whose setup cannot be read; the message says what is wrong. */
export class ShareLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareLinkError';
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** The fragment (`#setup=…`, with the leading #) for a setup. */
export function encodeSetup(setup: SharedSetup): string {
  const json = JSON.stringify({ v: LINK_VERSION, ...setup });
  return `#${LINK_KEY}=${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
}

/** Whether a fragment carries a setup (other fragments, such as `#train`, only choose a tab). */
export function hasSetup(hash: string): boolean {
  return hash.startsWith(`#${LINK_KEY}=`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function keyList(v: unknown, what: string): SettingKey[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ShareLinkError(`This link's list of ${what} settings is not a list.`);
  for (const k of v)
    if (!SETTING_KEYS.includes(k))
      throw new ShareLinkError(
        `This link names a setting the studio does not know ("${String(k)}") among the ${what} ones.`,
      );
  return v as SettingKey[];
}

/** Reads a `#setup=…` fragment; throws a ShareLinkError with a sentence naming what is wrong. */
export function decodeSetup(hash: string): SharedSetup {
  if (!hasSetup(hash)) throw new ShareLinkError('This link carries no setup.');
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(inflateSync(fromBase64Url(hash.slice(LINK_KEY.length + 2)))));
  } catch {
    throw new ShareLinkError(
      'This link is damaged: its setup could not be read (it may have been cut short when copied). Ask for the link again.',
    );
  }
  if (!isObject(raw)) throw new ShareLinkError('This link is damaged: its setup is not a set of fields.');
  if (typeof raw.v !== 'number' || raw.v > LINK_VERSION)
    throw new ShareLinkError(
      `This link was made by a newer version of the studio (link format ${String(raw.v)}; this one reads up to ${LINK_VERSION}). Reload the studio while online, then open the link again.`,
    );
  const out: SharedSetup = {};
  for (const k of ['dataset', 'preset'] as const) {
    if (raw[k] === undefined) continue;
    if (typeof raw[k] !== 'string' || !raw[k]) throw new ShareLinkError(`This link's ${k} is not a name.`);
    out[k] = raw[k];
  }
  if (raw.spec !== undefined) {
    const s = raw.spec;
    if (!isObject(s) || !Array.isArray(s.layers) || !isObject(s.input) || !s.layers.every(isObject))
      throw new ShareLinkError("This link's model is damaged: it has no input or no list of layers.");
    out.spec = s as unknown as ModelSpec;
  }
  if (raw.settings !== undefined) {
    if (!isObject(raw.settings)) throw new ShareLinkError("This link's training settings are not a set of fields.");
    const settings: SharedSetup['settings'] = {};
    for (const [k, v] of Object.entries(raw.settings)) {
      if (!SETTING_KEYS.includes(k as SettingKey))
        throw new ShareLinkError(`This link sets "${k}", which is not a training setting of this studio.`);
      const choices = CHOICES[k as SettingKey];
      if (choices ? !choices.includes(v as string) : typeof v !== 'number' || !Number.isFinite(v))
        throw new ShareLinkError(
          `This link sets ${k} to ${JSON.stringify(v)}, which is not ${choices ? `one of ${choices.join(', ')}` : 'a number'}.`,
        );
      settings[k as SettingKey] = v as number | string;
    }
    out.settings = settings;
  }
  if (raw.tab !== undefined) {
    if (!LINK_TABS.includes(raw.tab as LinkTab))
      throw new ShareLinkError(`This link opens a tab the studio does not have ("${String(raw.tab)}").`);
    out.tab = raw.tab as LinkTab;
  }
  const hidden = keyList(raw.hidden, 'hidden');
  const locked = keyList(raw.locked, 'locked');
  if (hidden.length) out.hidden = hidden;
  if (locked.length) out.locked = locked;
  return out;
}
