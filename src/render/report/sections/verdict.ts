/** The verdict of feasibility trials (flagship → open-weight). Speed experiments have none, and the section is left out. */
import type { Section } from "../types.js";

export const verdict: Section = {
  build: () => [],
};
