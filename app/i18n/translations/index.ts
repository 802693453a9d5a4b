/**
 * The translated catalogues, one file per language (`<code>.ts` exporting `messages`), registered with the
 * translation layer. Which of them are complete and reviewed is in app/i18n/review-status.ts.
 */
import type { Locale } from "../locales";
import { messages as bg } from "./bg";
import { messages as cs } from "./cs";
import { messages as da } from "./da";
import { messages as de } from "./de";
import { messages as el } from "./el";
import { messages as es } from "./es";
import { messages as et } from "./et";
import { messages as fi } from "./fi";
import { messages as fr } from "./fr";
import { messages as ga } from "./ga";
import { messages as hr } from "./hr";
import { messages as hu } from "./hu";
import { messages as it } from "./it";
import { messages as lt } from "./lt";
import { messages as lv } from "./lv";
import { messages as mt } from "./mt";
import { messages as nl } from "./nl";
import { messages as pl } from "./pl";
import { messages as pt } from "./pt";
import { messages as ro } from "./ro";
import { messages as sk } from "./sk";
import { messages as sl } from "./sl";
import { messages as sv } from "./sv";

export const translations: Partial<Record<Locale, Readonly<Record<string, string>>>> = {
  bg,
  cs,
  da,
  de,
  el,
  es,
  et,
  fi,
  fr,
  ga,
  hr,
  hu,
  it,
  lt,
  lv,
  mt,
  nl,
  pl,
  pt,
  ro,
  sk,
  sl,
  sv,
};
