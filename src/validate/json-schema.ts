/** The JSON Schema of experiment files, generated from the zod schema (`npm run schema` writes it to schema/). */
import { z } from "zod";
import { Experiment } from "./schema.js";

export function experimentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Experiment, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  return { title: "trialbook experiment", ...schema };
}
