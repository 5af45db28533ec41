import { z } from 'zod';
import {
  SETTINGS,
  SETTING_KEYS,
  clampNumber,
  defaultSettings,
  type EnumSpec,
  type NumberSpec,
  type Settings,
} from './schema';

/** Version of the URL format; bumped when a parameter changes meaning. */
export const URL_VERSION = 1;

/** What decoding a URL yields: always a full, valid recipe, plus what had to be fixed. */
export interface DecodedSettings {
  settings: Settings;
  /** One plain sentence per parameter that was ignored, clamped or reset. */
  problems: string[];
}

const finiteNumber = z.coerce.number().finite();

/**
 * Encode the settings that differ from their defaults as a query string (without '?').
 * Pure: writing it to the address bar is the caller's job.
 */
export function encodeSettings(settings: Settings): string {
  const params = new URLSearchParams({ v: String(URL_VERSION) });
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    const value = settings[key];
    if (value !== spec.default) params.set(spec.param, String(value));
  }
  return params.toString();
}

/** Decode a query string into a full recipe; never throws, bad values fall back or clamp. */
export function decodeSettings(search: string): DecodedSettings {
  const params = new URLSearchParams(search);
  const settings: Record<string, unknown> = defaultSettings();
  const problems: string[] = [];
  const version = params.get('v');
  if (version !== null && version !== String(URL_VERSION)) {
    problems.push(`Link format v=${version} is not known; settings were read as v=${URL_VERSION}.`);
  }
  for (const key of SETTING_KEYS) {
    const spec: NumberSpec | EnumSpec = SETTINGS[key];
    const raw = params.get(spec.param);
    if (raw === null) continue;
    const decoded = spec.kind === 'enum' ? decodeEnum(spec, raw) : decodeNumber(spec, raw);
    settings[key] = decoded.value;
    if (decoded.problem) problems.push(decoded.problem);
  }
  return { settings: settings as Settings, problems };
}

function decodeEnum(spec: EnumSpec, raw: string): { value: string; problem?: string } {
  const allowed = spec.options.map((o) => o.value);
  if (allowed.includes(raw)) return { value: raw };
  return {
    value: spec.default,
    problem: `${spec.label}: "${raw.slice(0, 40)}" is not one of ${allowed.join(', ')}; using ${spec.default}.`,
  };
}

function decodeNumber(spec: NumberSpec, raw: string): { value: number; problem?: string } {
  const parsed = finiteNumber.safeParse(raw.trim() === '' ? 'x' : raw);
  if (!parsed.success) {
    return {
      value: spec.default,
      problem: `${spec.label}: "${raw.slice(0, 40)}" is not a number; using ${spec.default}.`,
    };
  }
  const value = clampNumber(spec, parsed.data);
  if (value === parsed.data) return { value };
  return {
    value,
    problem: `${spec.label}: ${parsed.data} is not allowed (${spec.min}..${spec.max}${spec.integer ? ', whole numbers' : ''}); using ${value}.`,
  };
}
