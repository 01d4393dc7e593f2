/** The message catalogue and Intl formatters, for reports, terminal tables and notebooks. */
export { CATALOGUE, messages, formatters, words, type Catalogue, type AreaName, type Formatters, type Words } from "./catalogue.js";
export { LANGUAGES, isLanguage, type Language, type Area, type Message, type Messages } from "./types.js";
