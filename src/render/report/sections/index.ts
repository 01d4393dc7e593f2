/** The report's sections, in the order a client reads them. A missing section does not compile. */
import type { Section } from "../types.js";
import { title } from "./title.js";
import { executive } from "./executive.js";
import { summary } from "./summary.js";
import { verdict } from "./verdict.js";
import { methodology } from "./methodology.js";
import { results } from "./results.js";
import { charts } from "./charts.js";
import { errors } from "./errors.js";
import { appendix } from "./appendix.js";
import { capacity } from "./capacity.js";
import { depth } from "./depth.js";
import { conversations } from "./conversations.js";

export const SECTIONS = { title, executive, summary, verdict, capacity, conversations, depth, methodology, results, charts, errors, appendix } as const satisfies Record<string, Section>;
export type SectionId = keyof typeof SECTIONS;
export const SECTION_ORDER: readonly SectionId[] = ["title", "executive", "summary", "verdict", "capacity", "conversations", "depth", "methodology", "results", "charts", "errors", "appendix"];
