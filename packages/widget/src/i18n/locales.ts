// Every locale's built-in strings, for apps that bundle the widget from npm (the script tag's UI chunk swaps in ./loaded).
import type { Strings } from './strings';
import { en } from './en';
import { lv } from './lv';
import { fa } from './fa';
import { ms } from './ms';
import { tr } from './tr';
import { de } from './de';
import { es } from './es';
import { fr } from './fr';

export const LOCALES: Record<string, Strings> = { en, lv, fa, ms, tr, de, es, fr };
